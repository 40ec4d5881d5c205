; Inno Setup script of the dyconsole installer for Windows (the streaming-room PCs).
; Build the one-folder app first (README, "Windows"): pyinstaller --noconfirm packaging\dyconsole.spec
; then, from the repository root:  iscc packaging\windows\dyconsole.iss
; Output: dist\installer\dyconsole-setup-<version>.exe
; Installs per user by default (no admin needed on a locked-down room PC); the dialog offers all users.
; The user's data (sessions database, settings, logs in %LOCALAPPDATA%\dyconsole) and the keyring secrets are
; left in place on uninstall: a reinstall keeps the recorded sessions.

#define AppName "dyconsole"
#define AppVersion "0.1.0"
#define AppPublisher "dyconsole"
#define SourceDir "..\..\dist\dyconsole"

[Setup]
AppId={{6F4E2B1C-7D3A-4B8E-9C21-5A0D8E3F4B67}
AppName={#AppName}
AppVerName={#AppName} {#AppVersion}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=dyconsole-setup-{#AppVersion}
SetupIconFile=..\..\dyconsole\resources\icons\dyconsole.ico
UninstallDisplayIcon={app}\dyconsolew.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

; Chinese when this Inno Setup has the Simplified Chinese messages (recent releases ship them; otherwise put
; ChineseSimplified.isl from the Inno Setup translations page into its Languages folder: README "Windows")
#define HaveChinese FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if HaveChinese
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.ConsoleName=Douyin live console
#if HaveChinese
chinesesimplified.ConsoleName=抖音直播控制台
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; the whole one-folder app: dyconsole.exe (command line), dyconsolew.exe (window, no console) and _internal\
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:ConsoleName}"; Filename: "{app}\dyconsolew.exe"; IconFilename: "{app}\_internal\dyconsole\resources\icons\dyconsole.ico"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:ConsoleName}"; Filename: "{app}\dyconsolew.exe"; IconFilename: "{app}\_internal\dyconsole\resources\icons\dyconsole.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\dyconsolew.exe"; Description: "{cm:LaunchProgram,{cm:ConsoleName}}"; Flags: nowait postinstall skipifsilent

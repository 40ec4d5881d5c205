"""A scanner for POSIX-only calls in Python source: the streaming PCs run Windows, so every such call in dyconsole/
must sit behind a platform guard.

Flags: imports of POSIX-only modules (fcntl, pwd, grp, resource, termios, ...); POSIX-only os and signal names
(os.fork, os.getuid, os.kill's probe semantics, signal.SIGKILL/SIGHUP, ...); `loop.add_signal_handler` (Windows'
Proactor loop has none); hard-coded POSIX folders ('/tmp', '/home/', '~/'); and path text split or tested with
one separator ('/' or os.sep alone, where Windows has both).

Guarded: inside an `if` whose test reads the platform (sys.platform, os.name, platform.system(), hasattr(...)),
after an `if <platform test>: return|raise|continue` earlier in the same block, or inside a `try` that catches
ImportError / AttributeError / NotImplementedError.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

POSIX_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "tty", "pty", "posix", "syslog", "crypt"}
POSIX_NAMES = {
    "os": {"fork", "forkpty", "getuid", "geteuid", "getgid", "getegid", "setuid", "setgid", "setsid", "setpgrp",
           "getpgid", "getpgrp", "killpg", "kill", "chown", "lchown", "mkfifo", "nice", "sync", "uname", "wait3",
           "wait4", "WNOHANG", "getloadavg", "sched_getaffinity"},
    "signal": {"SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE", "SIGSTOP",
               "SIGCONT", "SIGTSTP", "alarm", "pause", "setitimer", "getitimer", "siginterrupt", "sigwait"},
}
POSIX_METHODS = {"add_signal_handler", "remove_signal_handler"}
POSIX_FOLDERS = ("/tmp", "/var/", "/home/", "/dev/", "/etc/", "/usr/", "/proc/", "~/")
PLATFORM_TESTS = ("sys.platform", "os.name", "platform.system", "hasattr(")
GUARD_EXCEPTIONS = {"ImportError", "ModuleNotFoundError", "AttributeError", "NotImplementedError", "OSError"}
PATHISH = ("path", "file", "dir", "folder", "str(")


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.what}"


def _is_platform_test(test: ast.AST) -> bool:
    text = ast.unparse(test)
    return any(marker in text for marker in PLATFORM_TESTS)


def _exits(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise, ast.Continue, ast.Break))


def _catches_guard(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = {n.id if isinstance(n, ast.Name) else ast.unparse(n) for n in ast.walk(handler.type)
             if isinstance(n, (ast.Name, ast.Attribute))}
    return bool(names & GUARD_EXCEPTIONS)


class _Scan(ast.NodeVisitor):
    def __init__(self, file: str) -> None:
        self.file = file
        self.guarded = 0
        self.findings: list[Finding] = []

    def _flag(self, node: ast.AST, what: str) -> None:
        if not self.guarded:
            self.findings.append(Finding(self.file, getattr(node, "lineno", 0), what))

    # --- guards ---------------------------------------------------------------------------------------------------
    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        guard = _is_platform_test(node.test)
        self.guarded += guard
        self._block(node.body)
        self._block(node.orelse)
        self.guarded -= guard

    def visit_Try(self, node: ast.Try) -> None:
        guard = any(_catches_guard(h) for h in node.handlers)
        self.guarded += guard
        self._block(node.body)
        self.guarded -= guard
        for handler in node.handlers:
            self.visit(handler)
        self._block(node.orelse)
        self._block(node.finalbody)

    def _block(self, body: list[ast.stmt]) -> None:
        """A block's statements; an early `if <platform>: return` guards the statements after it."""
        raised = 0
        for stmt in body:
            self.visit(stmt)
            if isinstance(stmt, ast.If) and _is_platform_test(stmt.test) and _exits(stmt.body):
                self.guarded += 1
                raised += 1
        self.guarded -= raised

    def generic_visit(self, node: ast.AST) -> None:
        for field, value in ast.iter_fields(node):
            if isinstance(value, list) and value and all(isinstance(v, ast.stmt) for v in value) \
                    and field in ("body", "orelse", "finalbody"):
                self._block(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    # --- what is flagged ------------------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in POSIX_MODULES:
                self._flag(node, f"import {alias.name} (POSIX only)")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = (node.module or "").split(".")[0]
        if node.level == 0 and module in POSIX_MODULES:
            self._flag(node, f"from {node.module} import ... (POSIX only)")
        elif node.level == 0 and module in POSIX_NAMES:
            for alias in node.names:
                if alias.name in POSIX_NAMES[module]:
                    self._flag(node, f"from {module} import {alias.name} (POSIX only)")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and node.attr in POSIX_NAMES.get(node.value.id, ()):
            self._flag(node, f"{node.value.id}.{node.attr} (POSIX only)")
        elif node.attr in POSIX_METHODS:
            self._flag(node, f".{node.attr} (no such method on Windows' event loop)")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and node.value.startswith(POSIX_FOLDERS):
            self._flag(node, f"hard-coded POSIX folder {node.value[:30]!r}")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("split", "rsplit", "endswith", "startswith") \
                and len(node.args) == 1 and any(m in ast.unparse(func.value).lower() for m in PATHISH):
            arg = ast.unparse(node.args[0])
            if arg in ("'/'", "'\\\\'", "os.sep", "os.path.sep"):
                self._flag(node, f"path text {func.attr}({arg}): one separator assumed (use pathlib)")
        self.generic_visit(node)


def scan_source(source: str, file: str = "<source>") -> list[Finding]:
    """The unguarded POSIX-only uses in one module's source."""
    scan = _Scan(file)
    tree = ast.parse(source, filename=file)
    scan._block(tree.body)
    return scan.findings


def scan_tree(root: Path) -> list[Finding]:
    """The unguarded POSIX-only uses in every .py file under `root`."""
    found: list[Finding] = []
    for path in sorted(root.rglob("*.py")):
        found += scan_source(path.read_text(encoding="utf-8"), str(path.relative_to(root.parent)))
    return found

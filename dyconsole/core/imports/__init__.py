"""Importing sessions from other channels' exports (Kuaishou, Taobao Live, WeChat Channels): the column mapping of a
source (`mapping`) and turning a file's rows into sessions, with one problem per bad cell (`rows`). Pure: the file
is read by storage.import_files and written by storage.imports."""

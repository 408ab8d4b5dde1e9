#!/usr/bin/python3
"""A file system that hangs, as a failing disk or a share whose server went away does, for HungFileSystemTest.

Usage: hung_fs.py MOUNTPOINT READING RELEASE
Mounts (FUSE, Debian's python3-fusepy; run as root) a read-only tree holding one Open Metadata entry,
.meta/slow.string. A read of it creates the file READING, then waits until the file RELEASE exists and returns
"hung". Runs in the foreground until unmounted.
"""
import errno
import os
import stat
import sys
import time

from fusepy import FUSE, FuseOSError, Operations

CONTENT = b'"hung"'
FOLDERS = ("/", "/.meta")
ENTRY = "/.meta/slow.string"


class HungFileSystem(Operations):
    def __init__(self, reading, release):
        self.reading_marker = reading
        self.release_marker = release

    def getattr(self, path, fh=None):
        now = time.time()
        if path in FOLDERS:
            mode, size = stat.S_IFDIR | 0o755, 0
        elif path == ENTRY:
            mode, size = stat.S_IFREG | 0o644, len(CONTENT)
        else:
            raise FuseOSError(errno.ENOENT)
        return dict(st_mode=mode, st_nlink=1, st_size=size, st_ctime=now, st_mtime=now, st_atime=now)

    def readdir(self, path, fh):
        if path == "/":
            return [".", "..", ".meta"]
        if path == "/.meta":
            return [".", "..", "slow.string"]
        raise FuseOSError(errno.ENOENT)

    def read(self, path, size, offset, fh):
        open(self.reading_marker, "w").close()
        while not os.path.exists(self.release_marker):
            time.sleep(0.05)
        return CONTENT[offset:offset + size]


if __name__ == "__main__":
    FUSE(HungFileSystem(sys.argv[2], sys.argv[3]), sys.argv[1], foreground=True, ro=True)

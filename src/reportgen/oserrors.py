"""Operating-system errors in Chinese, for every message that reports one."""

from __future__ import annotations

import errno

_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读文件系统，不能写入",
    errno.EEXIST: "文件已存在",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "读写时发生输入输出错误",
    errno.EXDEV: "不能跨文件系统移动文件",
}


def os_reason(exc: OSError) -> str:
    """An OS error in Chinese; an unusual one names its error number."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    name = errno.errorcode.get(exc.errno, "") if exc.errno is not None else ""
    return f"系统错误{f'（{name}）' if name else ''}"

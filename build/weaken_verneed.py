#!/usr/bin/env python3
"""Set VER_FLG_WEAK on one version requirement (Vernaux) of an ELF64 shared library.

A weak version requirement lets the dynamic loader start the library even though the system
libstdc++ does not define that version. Usage: weaken_verneed.py LIB VERSION_NAME
Exit code 0 when the flag is set (or was already set), 1 when the version is not required.
"""
import struct
import sys

VER_FLG_WEAK = 0x2


def section_headers(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = []
    for i in range(shnum):
        base = shoff + i * shentsize
        name, stype, _flags, _addr, offset, size, link = struct.unpack_from("<IIQQQQI", data, base)
        headers.append({"name": name, "type": stype, "offset": offset, "size": size, "link": link})
    names = headers[shstrndx]
    for h in headers:
        end = data.index(b"\0", names["offset"] + h["name"])
        h["label"] = data[names["offset"] + h["name"]:end].decode()
    return headers


def c_string(data, offset):
    return data[offset:data.index(b"\0", offset)].decode()


def main(path, wanted):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a little-endian ELF64 file")
    headers = section_headers(data)
    verneed = next((h for h in headers if h["label"] == ".gnu.version_r"), None)
    if verneed is None:
        sys.exit(f"{path}: no .gnu.version_r section")
    strtab = headers[verneed["link"]]["offset"]
    entry = verneed["offset"]
    while True:
        _version, count, _file, aux, next_entry = struct.unpack_from("<HHIII", data, entry)
        aux_offset = entry + aux
        for _ in range(count):
            _hash, flags, _other, name, next_aux = struct.unpack_from("<IHHII", data, aux_offset)
            if c_string(data, strtab + name) == wanted:
                struct.pack_into("<H", data, aux_offset + 4, flags | VER_FLG_WEAK)
                with open(path, "wb") as f:
                    f.write(data)
                return 0
            aux_offset += next_aux
        if next_entry == 0:
            return 1
        entry += next_entry


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reading and writing with POSIX calls: one buffer, no per-line work.
enum FileIO {
    /// The complete contents of the file at `path`.
    static func read(path: String) throws(DataTableError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw .fileNotFound(source: path) }
            throw .unreadableFile(source: path, reason: message(code))
        }
        defer { close(fd) }

        var info = stat()
        let expected = fstat(fd, &info) == 0 ? max(0, Int(info.st_size)) : 0
        // One spare byte so that a file of exactly the expected size is seen to end.
        var buffer = [UInt8](repeating: 0, count: max(expected + 1, 4096))
        var filled = 0
        while true {
            if filled == buffer.count {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return systemRead(fd, base + filled, raw.count - filled)
            }
            if got < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .unreadableFile(source: path, reason: message(code))
            }
            if got == 0 { break }
            filled += got
        }
        buffer.removeSubrange(filled...)
        return buffer
    }

    /// Replaces the file at `path` with `bytes`.
    static func write(_ bytes: [UInt8], path: String) throws(DataTableError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .unwritableFile(source: path, reason: message(errno)) }
        var written = 0
        while written < bytes.count {
            let put = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return systemWrite(fd, base + written, raw.count - written)
            }
            if put < 0 {
                let code = errno
                if code == EINTR { continue }
                close(fd)
                throw .unwritableFile(source: path, reason: message(code))
            }
            written += put
        }
        if close(fd) != 0 {
            throw .unwritableFile(source: path, reason: message(errno))
        }
    }

    private static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

// `read` and `write` are shadowed by the methods above inside `FileIO`.
@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

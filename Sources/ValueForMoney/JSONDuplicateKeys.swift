import Foundation

/// Finds a key written twice in one JSON object. `JSONSerialization` and `JSONDecoder` keep one
/// of the two values without saying so, which would let a configuration file silently contradict
/// itself.
public enum JSONDuplicateKeys {
    private enum Frame {
        case object(keys: Set<String>, key: String?, expectingKey: Bool)
        case array(index: Int)
    }

    /// The path of the first repeated key, e.g. `costs[1].kind`, or nil when there is none.
    /// `data` must already be known to be valid JSON; this scan checks no other syntax. Keys are
    /// compared as written (escapes are not decoded).
    public static func firstDuplicate(in data: Data) -> String? {
        let bytes = [UInt8](data)
        var stack: [Frame] = []
        var i = 0
        func path(ending last: String) -> String {
            var parts = ""
            for frame in stack.dropLast() {
                switch frame {
                case .object(_, let key, _): parts += (parts.isEmpty ? "" : ".") + (key ?? "")
                case .array(let index): parts += "[\(index)]"
                }
            }
            return parts.isEmpty ? last : parts + "." + last
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"):
                stack.append(.object(keys: [], key: nil, expectingKey: true))
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ","):
                switch stack.last {
                case .object(let keys, let key, _)?: stack[stack.count - 1] = .object(keys: keys, key: key, expectingKey: true)
                case .array(let index)?: stack[stack.count - 1] = .array(index: index + 1)
                case nil: break
                }
            case UInt8(ascii: "\""):
                let start = i + 1
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                let text = String(decoding: bytes[start..<min(i, bytes.count)], as: UTF8.self)
                if case .object(var keys, _, true)? = stack.last {
                    if keys.contains(text) { return path(ending: text) }
                    keys.insert(text)
                    stack[stack.count - 1] = .object(keys: keys, key: text, expectingKey: false)
                }
            default:
                break
            }
            i += 1
        }
        return nil
    }
}

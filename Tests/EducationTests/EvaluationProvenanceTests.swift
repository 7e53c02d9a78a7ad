import Foundation
import Testing
@testable import Education

@Suite("Provenance of an evaluation")
struct EvaluationProvenanceTests {
    /// A temporary file holding `bytes`.
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    @Test("SHA-256 of files: the FIPS 180-4 example messages, and a file over the 1 MiB read chunk")
    func digests() throws {
        let cases: [([UInt8], String)] = [
            ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            // One million 'a' (FIPS 180-4 long message): crosses the 1 MiB chunk boundary.
            ([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
            ([UInt8](repeating: UInt8(ascii: "a"), count: (1 << 20) + 1), ""),
        ]
        for (bytes, expected) in cases {
            let path = try Self.file(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let digest = try #require(FileDigest.sha256(path: path))
            #expect(digest.bytes == bytes.count)
            if !expected.isEmpty { #expect(digest.hex == expected) } else { #expect(digest.hex.count == 64) }
        }
        #expect(FileDigest.sha256(path: "/nonexistent/provenance-file") == nil)
    }

    @Test("A missing file is recorded as unknown, not an error")
    func missingFile() {
        let inputs = EvaluationProvenance.inputFiles([("pupils", "/nonexistent/pupils.csv", nil)])
        #expect(inputs == [.init(role: "pupils", path: "/nonexistent/pupils.csv", bytes: nil, sha256: "unknown", rowsRead: nil)])
    }

    @Test("The shipped data: inputs with sizes, hashes and rows read; library facts; timing per model")
    func shippedData() throws {
        let directory = EvaluationFixtures.shippedDirectory
        let paths = ["pupils", "schools", "support"].map { directory.appendingPathComponent("\($0).csv").path }
        let results = try Evaluation.run(pupilsPath: paths[0], schoolsPath: paths[1], supportPath: paths[2],
                                         design: EvaluationFixtures.cappedOnly)
        let provenance = try #require(results.provenance)
        #expect(provenance.inputs.map(\.role) == ["pupils", "schools", "support"])
        #expect(provenance.inputs.map(\.path) == paths)
        for (input, path) in zip(provenance.inputs, paths) {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(input.bytes == size)
            #expect(input.sha256.count == 64 && input.sha256.allSatisfy(\.isHexDigit))
        }
        let read = try #require(results.readSummary)
        #expect(provenance.inputs.map(\.rowsRead) == [read.pupils.rows, read.schools.rows, read.support?.rows])
        #expect(provenance.libraryVersion == EvaluationProvenance.libraryVersion)
        #expect(provenance.gitCommit == "unknown" || provenance.gitCommit.prefix(40).allSatisfy(\.isHexDigit))
        #expect(provenance.blas.contains("blas"))
        #expect(!provenance.lapack.isEmpty)
        #expect(provenance.seeds.isEmpty)
        #expect(provenance.timing.models.map(\.id) == results.models.map(\.id))
        #expect(provenance.timing.seconds >= results.seconds)
        #expect(provenance.timing.started.hasSuffix("Z") && provenance.timing.started.count == 20)
    }
}

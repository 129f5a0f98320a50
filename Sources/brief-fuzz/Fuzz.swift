import BriefKit
import Foundation

/// Lexicon and templates of the checkout, loaded once.
enum Harness {
    static let parts: (Lexicon, TemplateSet) = {
        guard let ws = Workspace.locate() else { fatalError("brief-fuzz: cannot find the project folders; set BRIEF_HOME") }
        do {
            return (try Lexicon.load(directory: ws.lexicons), try TemplateSet.load(directory: ws.templates))
        } catch {
            fatalError("brief-fuzz: \(error)")
        }
    }()

    /// Crashes (the fuzzer's signal) when an input makes the output unsafe or broken.
    static func run(_ bytes: [UInt8]) {
        let problems = SafetyProbe.problems(articleBytes: bytes, lexicon: parts.0, templates: parts.1)
        if !problems.isEmpty {
            fatalError("unsafe output: " + problems.map(\.description).joined(separator: "; "))
        }
    }
}

#if FUZZING
/// The libFuzzer entry point: `swift build --product brief-fuzz --sanitize=fuzzer -Xswiftc -DFUZZING`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#else
/// Without the fuzzer: replays inputs (a crash corpus, regression cases) given as files.
@main
struct Replay {
    static func main() {
        let files = CommandLine.arguments.dropFirst()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("brief-fuzz: cannot read \(file)\n".utf8))
                exit(2)
            }
            Harness.run([UInt8](data))
        }
        print("brief-fuzz: \(files.count) input\(files.count == 1 ? "" : "s"), no unsafe output")
    }
}
#endif

import Foundation

/// Where the project's data folders are: `seeds/`, `lexicons/`, `templates/`, `reports/`.
///
/// The tool works from any working directory: the folders are looked for beside the running executable (a build
/// inside the checkout, `.build/debug/brief`), then above the working directory, then at the checkout this library
/// was compiled from. `BRIEF_HOME` overrides all three.
public struct Workspace: Sendable {
    public var root: String

    public var seeds: String { CorpusLoader.join(root, "seeds") }
    public var lexicons: String { CorpusLoader.join(root, "lexicons") }
    public var templates: String { CorpusLoader.join(root, "templates") }
    public var reports: String { CorpusLoader.join(root, "reports") }

    public init(root: String) { self.root = root }

    /// The project checkout, or `nil` when none can be found.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Workspace? {
        if let home = environment["BRIEF_HOME"], !home.isEmpty { return Workspace(root: home) }
        var starts: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append((exe as NSString).deletingLastPathComponent)
        }
        starts.append(FileManager.default.currentDirectoryPath)
        starts.append(((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent)
        for start in starts {
            var dir = start
            while true {
                if isProjectRoot(dir) { return Workspace(root: dir) }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir || parent.isEmpty { break }
                dir = parent
            }
        }
        return nil
    }

    static func isProjectRoot(_ dir: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: CorpusLoader.join(dir, "Package.swift"))
            && fm.fileExists(atPath: CorpusLoader.join(dir, "templates"))
            && fm.fileExists(atPath: CorpusLoader.join(dir, "lexicons"))
    }
}

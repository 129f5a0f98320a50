import Foundation

/// The manifest brief keeps in each folder it writes reports to: after a comment line, a line for each file it wrote,
/// `<hash>  <name>`, the hash FNV-1a 64 of the file's bytes in hex (see ``ReportWriter``); two lines for a name while
/// its report is being replaced.
///
/// It lives with the corpus because both ends of a run read it: ``ReportWriter`` never overwrites a file the manifest
/// does not vouch for, and a corpus folder that holds a manifest (reports written inside the corpus) does not take
/// the files it names for articles.
public enum ReportManifest {
    public static let fileName = ".brief-manifest"

    /// The hashes the manifest of `directory` records of each name; empty when there is none.
    static func read(_ directory: String) -> [String: [String]] {
        guard let data = FileManager.default.contents(atPath: CorpusLoader.join(directory, fileName)),
            let text = String(validating: data, as: UTF8.self)
        else { return [:] }
        var entries: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if parts.count == 2 { entries[parts[1].trimmingSpaces, default: []].append(String(parts[0])) }
        }
        return entries
    }

    /// The manifest's bytes: a line for each hash of each name, in the order of the names, then of the hashes.
    static func text(_ manifest: [String: [String]]) -> Data {
        let lines = manifest.keys.sorted().flatMap { name in Set(manifest[name]!).sorted().map { "\($0)  \(name)\n" } }.joined()
        return Data(("# Files written by brief, with a hash of their content (FNV-1a 64).\n" + lines).utf8)
    }
}

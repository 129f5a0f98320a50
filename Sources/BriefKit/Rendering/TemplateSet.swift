import Foundation
import Mustache

/// The Mustache templates of a template folder, rendered strictly: a missing template, a missing partial or a key
/// the view model does not have is an error, never an empty string.
public struct TemplateSet: @unchecked Sendable {
    public let directory: String
    private let library: MustacheLibrary
    private let sources: [String: String]

    public struct Error: Swift.Error, CustomStringConvertible, Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            case missingDirectory
            case unreadable
            case syntax(String)
            case missingTemplate(String)
            case missingPartial(String)
            case missingKey(String)
        }

        public var file: String
        public var line: Int?
        public var column: Int?
        public var kind: Kind

        public var description: String {
            let message: String
            switch kind {
            case .missingDirectory: message = "template folder does not exist"
            case .unreadable: message = "template is not readable UTF-8 text"
            case .syntax(let what): message = "template syntax error: \(what)"
            case .missingTemplate(let name): message = "no template '\(name).mustache' in this folder"
            case .missingPartial(let name): message = "partial '\(name)' does not exist"
            case .missingKey(let key): message = "template uses '\(key)', which the view model does not have"
            }
            return diagnostic(file: file, line: line, column: column, message: message)
        }
    }

    /// Parses every `*.mustache` file of `directory`; a template's name is its file name without `.mustache`.
    public static func load(directory: String) throws(Error) -> TemplateSet {
        _ = MarkdownContentType.registered
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw Error(file: directory, kind: .missingDirectory)
        }
        var library = MustacheLibrary()
        var sources: [String: String] = [:]
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let path = CorpusLoader.join(directory, file)
            guard let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self) else {
                throw Error(file: path, kind: .unreadable)
            }
            do {
                library.register(try MustacheTemplate(string: text), named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw Error(file: path, line: error.context.lineNumber, column: error.context.columnNumber, kind: .syntax("\(error.error)"))
            } catch {
                throw Error(file: path, kind: .syntax("\(error)"))
            }
            sources[String(file.dropLast(".mustache".count))] = text
        }
        // Partials must exist: swift-mustache would render a missing one as nothing.
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            for (partial, line, column) in tags(in: text, sigil: ">") where sources[partial] == nil {
                throw Error(file: CorpusLoader.join(directory, name + ".mustache"), line: line, column: column, kind: .missingPartial(partial))
            }
        }
        return TemplateSet(directory: directory, library: library, sources: sources)
    }

    /// The raw text of a non-template file of the folder (a stylesheet).
    public func file(_ name: String) throws(Error) -> String {
        let path = CorpusLoader.join(directory, name)
        guard let data = FileManager.default.contents(atPath: path) else { throw Error(file: path, kind: .missingTemplate(name)) }
        guard let text = String(validating: data, as: UTF8.self) else { throw Error(file: path, kind: .unreadable) }
        return text
    }

    /// Renders template `name` with `values`.
    ///
    /// - Throws: ``Error`` with `.missingTemplate` or `.missingKey` (and the key's first position in the template).
    public func render(_ name: String, _ values: [String: Any]) throws(Error) -> String {
        guard let template = library.getTemplate(named: name) else {
            throw Error(file: CorpusLoader.join(directory, name + ".mustache"), kind: .missingTemplate(name))
        }
        let root = StrictRoot(values)
        let text = template.render(root, library: library)
        if let key = root.missing.first {
            let position = sources.sorted(by: { $0.key < $1.key }).lazy
                .compactMap { entry in Self.position(of: key, in: entry.value).map { (entry.key, $0) } }.first
            throw Error(
                file: CorpusLoader.join(directory, (position?.0 ?? name) + ".mustache"),
                line: position?.1.line, column: position?.1.column, kind: .missingKey(key))
        }
        return text
    }

    /// The first tag naming `key`, as a line and column (1-based, columns in Unicode scalars).
    private static func position(of key: String, in text: String) -> (line: Int, column: Int)? {
        for sigil in ["", "#", "^", "{", "&"] {
            if let hit = tags(in: text, sigil: sigil).first(where: { $0.name == key }) { return (hit.line, hit.column) }
        }
        return nil
    }

    /// Names of `{{<sigil>name}}` tags with their line and column.
    private static func tags(in text: String, sigil: String) -> [(name: String, line: Int, column: Int)] {
        var out: [(String, Int, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "{{" + sigil) {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                let name = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let column = line[line.startIndex..<open.lowerBound].unicodeScalars.count + 1
                if !name.isEmpty, let first = name.unicodeScalars.first, sigil != "" || (first != "#" && first != "^" && first != "/" && first != "!" && first != ">" && first != "{" && first != "&" && first != "%" && first != "=" && first != "$" && first != "<") {
                    out.append((name, index + 1, column))
                }
                rest = after[close.upperBound...]
            }
        }
        return out
    }
}

/// The root of a view model: records every name that no level of the context stack could resolve (the root is the
/// last level swift-mustache asks).
private final class StrictRoot: MustacheParent {
    let values: [String: Any]
    var missing: [String] = []

    init(_ values: [String: Any]) { self.values = values }

    func child(named name: String) -> Any? {
        if let v = values[name] { return v }
        if !missing.contains(name) { missing.append(name) }
        return nil
    }
}

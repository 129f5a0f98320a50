internal import CMark
import Foundation

/// libcmark, the one place this project touches C.
///
/// cmark renders in safe mode always: raw HTML in Markdown becomes `<!-- raw HTML omitted -->` and `javascript:`,
/// `vbscript:`, `file:` and most `data:` link targets are emptied. There is deliberately no way to ask for
/// `CMARK_OPT_UNSAFE`. Language and direction attributes are added as cmark custom nodes, whose markup cmark prints
/// as given even in safe mode; that markup is fixed text of this file, never article text.
public enum CommonMark {
    /// Parse and render options; each names the `CMARK_OPT_*` constant it sets.
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `CMARK_OPT_SOURCEPOS`: `data-sourcepos` attributes on block elements.
        public static let sourcePosition = Options(rawValue: CMARK_OPT_SOURCEPOS)
        /// `CMARK_OPT_VALIDATE_UTF8`: replace invalid UTF-8 with U+FFFD.
        public static let validateUTF8 = Options(rawValue: CMARK_OPT_VALIDATE_UTF8)
        /// `CMARK_OPT_NORMALIZE`: merge adjacent text nodes.
        public static let normalize = Options(rawValue: CMARK_OPT_NORMALIZE)
    }

    /// The linked libcmark's version, e.g. `0.30.2`.
    public static var version: String { String(cString: cmark_version_string()) }

    /// Renders CommonMark to an HTML fragment, with `lang`/`dir` set on every block and run whose script differs
    /// from the document's.
    ///
    /// - Parameters:
    ///   - markdown: CommonMark source (already escaped where it carries article text).
    ///   - language: the document's language: blocks in the other script get `lang` and `dir`, and runs of the
    ///     other script inside mixed blocks are isolated in a `<span>` with `lang` and `dir`.
    public static func html(_ markdown: String, language: Language, options: Options = [.validateUTF8]) -> String {
        let opts = options.rawValue & ~CMARK_OPT_UNSAFE
        guard let root = markdown.withCString({ cmark_parse_document($0, markdown.utf8.count, opts) }) else { return "" }
        defer { cmark_node_free(root) }
        markDirections(root, language: language)
        guard let html = cmark_render_html(root, opts) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// Renders CommonMark back to CommonMark through cmark (escaping text nodes), for tests and normalisation.
    public static func commonmark(_ markdown: String) -> String {
        guard let root = markdown.withCString({ cmark_parse_document($0, markdown.utf8.count, CMARK_OPT_DEFAULT) }) else { return "" }
        defer { cmark_node_free(root) }
        guard let out = cmark_render_commonmark(root, CMARK_OPT_DEFAULT, 0) else { return "" }
        defer { free(out) }
        return String(cString: out)
    }

    // MARK: - Direction

    private static func markDirections(_ root: OpaquePointer, language: Language) {
        var blocks: [OpaquePointer] = []
        var texts: [OpaquePointer] = []
        let iter = cmark_iter_new(root)
        defer { cmark_iter_free(iter) }
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING: blocks.append(node)
            case CMARK_NODE_TEXT: texts.append(node)
            default: break
            }
        }
        let native: ScalarClass.Direction = language == .ar ? .rightToLeft : .leftToRight
        let foreignMarkup = language == .ar
            ? (enter: "<span lang=\"en\" dir=\"ltr\">", exit: "</span>", block: "<div lang=\"en\" dir=\"ltr\">")
            : (enter: "<span lang=\"ar\" dir=\"rtl\">", exit: "</span>", block: "<div lang=\"ar\" dir=\"rtl\">")

        // Blocks written wholly in the other script get their own lang and dir.
        var wrapped = Set<OpaquePointer>()
        for block in blocks {
            let (nativeCount, foreignCount) = directionCounts(of: block, native: native)
            guard nativeCount == 0, foreignCount > 0 else { continue }
            let wrapper = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(wrapper, foreignMarkup.block)
            cmark_node_set_on_exit(wrapper, "</div>")
            cmark_node_insert_before(block, wrapper)
            cmark_node_unlink(block)
            cmark_node_append_child(wrapper, block)
            wrapped.insert(block)
        }

        // In mixed blocks, runs of the other script are isolated inline.
        for text in texts {
            guard let block = enclosingBlock(text), !wrapped.contains(block), let literal = cmark_node_get_literal(text) else { continue }
            let value = String(cString: literal)
            let runs = foreignRuns(value, native: native)
            guard !runs.isEmpty else { continue }
            let utf8 = Array(value.utf8)
            var position = 0
            func plain(_ range: Range<Int>) {
                guard !range.isEmpty else { return }
                let node = cmark_node_new(CMARK_NODE_TEXT)!
                cmark_node_set_literal(node, String(decoding: utf8[range], as: UTF8.self))
                cmark_node_insert_before(text, node)
            }
            for run in runs {
                plain(position..<run.lowerBound)
                let span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                cmark_node_set_on_enter(span, foreignMarkup.enter)
                cmark_node_set_on_exit(span, foreignMarkup.exit)
                let inner = cmark_node_new(CMARK_NODE_TEXT)!
                cmark_node_set_literal(inner, String(decoding: utf8[run], as: UTF8.self))
                cmark_node_append_child(span, inner)
                cmark_node_insert_before(text, span)
                position = run.upperBound
            }
            plain(position..<utf8.count)
            cmark_node_unlink(text)
            cmark_node_free(text)
        }
    }

    private static func enclosingBlock(_ node: OpaquePointer) -> OpaquePointer? {
        var current = cmark_node_parent(node)
        while let n = current {
            let type = cmark_node_get_type(n)
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING { return n }
            current = cmark_node_parent(n)
        }
        return nil
    }

    /// Strong characters of the document's direction and of the other, in the text of a block.
    private static func directionCounts(of block: OpaquePointer, native: ScalarClass.Direction) -> (Int, Int) {
        var nativeCount = 0
        var foreign = 0
        let iter = cmark_iter_new(block)
        defer { cmark_iter_free(iter) }
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter),
                cmark_node_get_type(node) == CMARK_NODE_TEXT || cmark_node_get_type(node) == CMARK_NODE_CODE,
                let literal = cmark_node_get_literal(node)
            else { continue }
            for s in String(cString: literal).unicodeScalars {
                let d = ScalarClass.direction(s.value)
                if d == native { nativeCount += 1 } else if d != .neutral { foreign += 1 }
            }
        }
        return (nativeCount, foreign)
    }

    /// Byte ranges of runs in the other script: from a strong character of the other direction to the last one
    /// before a strong character of the document's direction, with a number that directly follows (`EDEX 2025`).
    static func foreignRuns(_ text: String, native: ScalarClass.Direction) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var offset = 0
        var start: Int?
        var end = 0
        for s in text.unicodeScalars {
            let width = UTF8.width(s)
            switch ScalarClass.direction(s.value) {
            case .neutral:
                break
            case native:
                if let st = start { runs.append(st..<end) }
                start = nil
            default:
                if start == nil { start = offset }
                end = offset + width
            }
            offset += width
        }
        if let st = start { runs.append(st..<end) }
        let bytes = Array(text.utf8)
        return runs.map { r in
            var k = r.upperBound
            if k < bytes.count, bytes[k] == 0x20 { k += 1 }
            var j = k
            while j < bytes.count, (0x30...0x39).contains(bytes[j]) { j += 1 }
            return j > k ? r.lowerBound..<j : r
        }
    }
}

import BriefKit
import Foundation

/// One line on stderr, rewritten in place, while a long run reads its corpus: articles, MB/s, time left.
/// Shown only when stderr is a terminal, so logs and pipes never get it.
final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = -1.0
    private var drawn = false
    /// Seconds into a run before the line first shows (`BRIEF_PROGRESS_AFTER`, default 1).
    private let after: Double

    init(after: Double) { self.after = after }

    /// A display, or `nil` when stderr is not a terminal.
    static func onTerminal() -> ProgressDisplay? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressDisplay(after: ProcessInfo.processInfo.environment["BRIEF_PROGRESS_AFTER"].flatMap(Double.init) ?? 1)
    }

    func update(_ p: RunProgress) {
        lock.lock()
        defer { lock.unlock() }
        // A run that ends within a second never shows a line; after that, at most five redraws a second.
        guard p.elapsed >= after, lastDraw < 0 || p.elapsed - lastDraw >= 0.2 || p.done == p.total else { return }
        lastDraw = p.elapsed
        drawn = true
        write(Self.line(p))
    }

    /// Clears the line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { write("\r\u{1B}[K") }
    }

    private func write(_ s: String) { _ = writeAll(STDERR_FILENO, Array(s.utf8)) }

    static func line(_ p: RunProgress) -> String {
        let rate = p.elapsed > 0 ? Double(p.bytes) / 1e6 / p.elapsed : 0
        let left = p.done > 0 ? p.elapsed * Double(p.total - p.done) / Double(p.done) : 0
        let percent = p.total > 0 ? 100 * p.done / p.total : 100
        return "\r\u{1B}[Kbrief: \(p.done)/\(p.total) articles (\(percent)%), \(String(format: "%.1f", rate)) MB/s, about \(Int(left.rounded(.up))) s left"
    }
}

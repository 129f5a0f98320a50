import Foundation

/// Asks the kernel to start reading files that a run will read soon, so that many reads are under way at once.
///
/// Reading an archive that is not in the page cache one small file at a time leaves the disk idle between
/// requests; told ahead (`posix_fadvise` with `POSIX_FADV_WILLNEED`, which queues the reads and returns), the
/// kernel keeps many in flight. Advice only: nothing is read into the program, a file that cannot be opened is
/// left to the real read to report, and the run's results do not depend on it.
final class ReadAhead: @unchecked Sendable {
    /// One queue, so that advice is given in file order.
    private let queue = DispatchQueue(label: "brief.read-ahead", qos: .utility)
    /// How many files of each group are looked at to tell whether the group is in the page cache already.
    static let probes = 4
    /// Whether ``requested`` is kept (for tests).
    private let recording: Bool
    /// The files asked for, in order, when recording; read it after ``wait()``.
    private(set) var requested: [String] = []

    init(recording: Bool = false) {
        self.recording = recording
    }

    /// Advises reading a group of files, in order, on a background thread, unless a few spread through it are all
    /// in the page cache already (files of a warm run, or just written): then the others most likely are too, and
    /// advice would only cost system calls. A group that is cached in part (its first files read lately, say) is
    /// advised whole: advice on a cached file costs little.
    func advise(_ paths: [String]) {
        guard !paths.isEmpty else { return }
        queue.async {
            if self.recording { self.requested += paths }
            guard !Self.probed(paths).allSatisfy(Self.isCached) else { return }
            for path in paths {
                guard let fd = Self.openRegular(path) else { continue }
                _ = posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED)
                close(fd)
            }
        }
    }

    /// The files of a group that are looked at: ``probes`` of them, evenly spread from the first.
    static func probed(_ paths: [String]) -> [String] {
        let step = max(1, paths.count / probes)
        return stride(from: 0, to: paths.count, by: step).prefix(probes).map { paths[$0] }
    }

    /// Waits for the advice given so far (a run need not).
    func wait() {
        queue.sync {}
    }

    /// Whether the first page of a file is in the page cache (`mincore`); a file that cannot be looked at counts
    /// as cached, since advice cannot help it.
    static func isCached(_ path: String) -> Bool {
        guard let fd = openRegular(path) else { return true }
        defer { close(fd) }
        guard let page = mmap(nil, 1, PROT_READ, MAP_SHARED, fd, 0), page != MAP_FAILED else { return true }
        defer { munmap(page, 1) }
        var resident: UInt8 = 0
        guard mincore(page, 1, &resident) == 0 else { return true }
        return resident & 1 != 0
    }

    /// A descriptor of a non-empty file that the real read accepts (``CorpusLoader/examine(_:)``: a regular file
    /// of a size it reads); nothing else is opened, since opening a device or a pipe can do things.
    private static func openRegular(_ path: String) -> Int32? {
        guard case .success(let info) = CorpusLoader.examine(path), info.size > 0 else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        return fd >= 0 ? fd : nil
    }
}

import Foundation

/// The cache folder's upkeep: its files are let go of once no run has used them for a while, as Go's build cache
/// trims itself.
///
/// Every new version of the analysis (a rebuilt or upgraded brief, an edited lexicon) starts a findings pack of its
/// own, and every command, option set and brief its own memo: without upkeep, the packs of earlier versions (tens of
/// megabytes for every 100 MB of articles) stay for good. So a run marks each cache file it uses by its modification
/// time (at most once an hour: one call), and once a day a run removes the files of brief's that no run has used for
/// ``maximumAge`` (files it was interrupted writing, after a day). Only brief's own files are looked at, by their names:
/// `findings-*.pack`, `reports-*.memo` and `listing-*.list`, each with its 32 hexadecimal digits, and their
/// temporary files; whatever else is in the folder is left alone. A file let go of costs its corpus one run that
/// reads and analyses again what it held.
public enum CacheFolder {
    /// How long a cache file no run has used is kept: 30 days.
    public static let maximumAge = 30 * 24 * 3600
    /// A file used this recently is not marked again.
    static let markInterval = 3600
    /// `UTIME_OMIT` (a C macro Swift does not import): the access time is left as it is.
    private static let utimeOmit = (1 << 30) - 2
    /// The file whose modification time says when the folder was last trimmed: a name of brief's own, as the
    /// folder may be one the user keeps other files in (`--cache DIR`).
    static let trimMarkName = ".brief-trim"

    /// Marks the file at `path`, modified at `modified` (seconds since 1970), as used now, unless it was within the
    /// hour. A time in the future (marked while the clock was ahead) is marked again, or the file would stay until
    /// then.
    static func markUsed(_ path: String, modified: Int64, now: Int = time(nil)) {
        guard Int(modified) < now - markInterval || Int(modified) > now else { return }
        utimensat(AT_FDCWD, path, [timespec(tv_sec: 0, tv_nsec: utimeOmit), timespec(tv_sec: now, tv_nsec: 0)], 0)
    }

    /// Removes the cache files of `directory` that no run has used for `maximumAge` seconds, if the folder was not
    /// trimmed in the last day; returns the names removed.
    @discardableResult
    public static func trim(_ directory: String, now: Int = time(nil), maximumAge: Int = maximumAge) -> [String] {
        let mark = CorpusLoader.join(directory, trimMarkName)
        var info = stat()
        if lstat(mark, &info) == 0, Int(info.st_mtim.tv_sec) > now - 24 * 3600, Int(info.st_mtim.tv_sec) <= now { return [] }
        // Marked first: two runs that end at once do not both go through the folder. Not through a link: a mark
        // that is one stops the upkeep rather than write where it points.
        let fd = open(mark, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return [] }
        _ = "\(now)\n".withCString { write(fd, $0, strlen($0)) }
        futimens(fd, [timespec(tv_sec: now, tv_nsec: 0), timespec(tv_sec: now, tv_nsec: 0)])
        close(fd)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names.sorted() {
            let age: Int
            if isCacheFile(name) {
                age = maximumAge
            } else if isTemporaryFile(name) {
                age = 24 * 3600
            } else {
                continue
            }
            if remove(CorpusLoader.join(directory, name), ifOlderThan: now - age, lockedIfPack: name.hasSuffix(".pack")) { removed.append(name) }
        }
        return removed
    }

    /// Removes the file at `path` if, opened, it is a regular file (a link is not followed) modified before `before`,
    /// and, for a pack, if no run holds it (a run that opened it before it goes would write its findings to a file
    /// no longer in the folder): the file is locked while it is removed, so a run opening it then finds it taken and
    /// runs without the cache, and a run opening the path after finds none and starts a new pack.
    private static func remove(_ path: String, ifOlderThan before: Int, lockedIfPack: Bool) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var opened = stat()
        guard fstat(fd, &opened) == 0, (opened.st_mode & S_IFMT) == S_IFREG, Int(opened.st_mtim.tv_sec) < before else { return false }
        if lockedIfPack, flock(fd, LOCK_EX | LOCK_NB) != 0 { return false }
        // Still the file at the path (a memo or listing is replaced by a rename, not written in place).
        var now = stat()
        guard lstat(path, &now) == 0, now.st_ino == opened.st_ino, now.st_dev == opened.st_dev else { return false }
        return unlink(path) == 0
    }

    /// Whether `name` is that of one of brief's cache files: a kind, 32 hexadecimal digits and the kind's extension.
    static func isCacheFile(_ name: String) -> Bool {
        isCacheFile(Array(name.utf8)[...])
    }

    private static func isCacheFile(_ name: ArraySlice<UInt8>) -> Bool {
        for (prefix, suffix) in [("findings-", ".pack"), ("reports-", ".memo"), ("listing-", ".list")] {
            let (p, s) = (Array(prefix.utf8), Array(suffix.utf8))
            guard name.count == p.count + 32 + s.count, name.starts(with: p), name.suffix(s.count).elementsEqual(s) else { continue }
            return name.dropFirst(p.count).prefix(32).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        }
        return false
    }

    /// Whether `name` is that of a temporary file of a cache file's: `.<name>.<pid>.tmp` (see
    /// ``ReportWriter/temporaryPath(beside:)``) or a pack's `<name>.tmp` (see ``FindingsCache/compact()``).
    static func isTemporaryFile(_ name: String) -> Bool {
        let bytes = Array(name.utf8)[...]
        let tmp = Array(".tmp".utf8)
        guard bytes.count > tmp.count, bytes.suffix(tmp.count).elementsEqual(tmp) else { return false }
        if isCacheFile(bytes.dropLast(tmp.count)) { return true }
        return ReportWriter.temporaryStem(bytes).map(isCacheFile) ?? false
    }
}

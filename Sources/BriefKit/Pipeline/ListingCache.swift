import Foundation

/// The listings of a corpus's folders as the last run read them, so that a run reads again only the folders whose own
/// `stat` changed since, as git's untracked cache does: a folder's modification and change times move whenever an
/// entry is added to it, removed from it or renamed in it. (A file edited in place leaves its folder as it was, and
/// its listing with it; its own `stat` tells the change.)
///
/// A folder changed within two seconds of being read is read again next time (a change in the same clock tick can
/// leave its times as they were), and so is a folder with a link among its articles, which is listed or not by what
/// the link points to. One file per corpus in the cache folder, `listing-<hash of the corpus path>.list`, written to
/// a temporary file and renamed when a folder was read or is gone; a torn or corrupt one is not used.
///
/// Used by one thread at a time (the walker of a ``CorpusSurvey``).
final class ListingCache: @unchecked Sendable {
    struct Folder: Equatable {
        var info: FileStat
        var entries: CorpusLoader.FolderEntries
        /// The folder's record in the listing file it was read from, if it was: a folder that did not change is
        /// written back as those bytes, not name by name (over the 1 GB bench corpus, 215k names in one folder).
        var encoded: StoredBytes? = nil

        static func == (a: Folder, b: Folder) -> Bool { a.info == b.info && a.entries == b.entries }
    }

    let path: String
    private let key: Fingerprint
    /// The listings of the last run, read when the walk first asks for one (on the walker's thread).
    private lazy var previous: [String: Folder] = {
        guard let kept = CheckedFile.read(path, magic: Self.magic, for: key) else { return [:] }
        CacheFolder.markUsed(path, modified: kept.file.modifiedSeconds)
        return Self.decode(kept.payload) ?? [:]
    }()
    /// Each folder listed this run, by its path relative to the corpus (`""`, `"sub/"`), if its listing can be kept.
    private var next: [String: Folder] = [:]
    private let settledBefore: Int
    /// Folders read this run, and folders whose listing was taken from the cache.
    private(set) var read = 0
    private(set) var reused = 0

    /// 2: the `stat` in the order of ``FileStat/words``. 3: reports brief wrote in a folder are not listed (a
    /// listing of 2 may hold them as articles).
    static let magic = "BRL3"

    init(cacheDirectory: String, corpus: String, settledBefore: Int = FileStat.settledCutoff()) {
        var h = Fingerprint.Hasher()
        h.combine("listing")
        h.combine(URL(fileURLWithPath: corpus).standardizedFileURL.resolvingSymlinksInPath().path)
        key = h.finalize()
        path = CorpusLoader.join(cacheDirectory, "listing-\(key).list")
        self.settledBefore = settledBefore
    }

    /// Hands `found` each article file below `directory` (see ``CorpusSurvey/Walk``), reading only the folders that
    /// changed.
    func walk(_ directory: String, _ found: (String) -> Void) {
        CorpusLoader.walk(directory, entries: entries(of:prefix:), found)
    }

    /// What the folder at `directory` (`prefix` below the corpus) holds: as kept, if its `stat` is as it was then,
    /// else as read now.
    private func entries(of directory: String, prefix: String) -> CorpusLoader.FolderEntries? {
        // The folder's `stat` is taken before it is read: a change after it shows next time.
        var status = stat()
        guard stat(directory, &status) == 0 else { return nil }
        let info = FileStat(status)
        let entries: CorpusLoader.FolderEntries
        var encoded: StoredBytes? = nil
        if let known = previous[prefix], known.info == info {
            entries = known.entries
            encoded = known.encoded
            reused += 1
        } else {
            guard var listed = CorpusLoader.entries(of: directory) else { return nil }
            // Kept in byte order, so that the listing comes nearly sorted.
            listed.files = CorpusLoader.sortedByBytes(listed.files)
            listed.folders = CorpusLoader.sortedByBytes(listed.folders)
            entries = listed
            read += 1
        }
        if !entries.linked, info.settled(before: settledBefore) { next[prefix] = Folder(info: info, entries: entries, encoded: encoded) }
        return entries
    }

    /// Keeps this run's listings for the next run, if they differ from the last run's; returns whether they were
    /// written.
    @discardableResult
    func save() -> Bool {
        guard next != previous else { return false }
        let folders = next
        return CheckedFile.write(magic: Self.magic, key: key, to: path) { Self.encode(folders, into: &$0) }
    }

    /// The payload of a listing file: the count of folders, then each folder's path, `stat` (as
    /// ``FileStat/words``), files and subfolders.
    static func encode(_ folders: [String: Folder], into sink: inout CheckedFile.Sink) {
        sink.write(UInt64(folders.count))
        // In the order of their paths: the same listings, the same bytes.
        for prefix in folders.keys.sorted(by: { $0.precedesInBytes($1) }) {
            let f = folders[prefix]!
            if let encoded = f.encoded {
                encoded.withUnsafeBytes { sink.write($0) }
                continue
            }
            sink.write(prefix)
            let w = f.info.words
            for word in [w.0, w.1, w.2, w.3, w.4, w.5, w.6, w.7] { sink.write(word) }
            for names in [f.entries.files, f.entries.folders] {
                sink.write(UInt64(names.count))
                for name in names { sink.write(name) }
            }
        }
    }

    static func decode(_ payload: StoredBytes) -> [String: Folder]? {
        var r = ByteReader(payload)
        guard let count = r.count() else { return nil }
        var folders: [String: Folder] = [:]
        for _ in 0..<count {
            let start = r.position
            guard let prefix = r.text() else { return nil }
            var w: [UInt64] = []
            for _ in 0..<8 {
                guard let word = r.word64() else { return nil }
                w.append(word)
            }
            let info = FileStat(words: (w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]))
            var lists: [[String]] = []
            for _ in 0..<2 {
                guard let n = r.count() else { return nil }
                var names: [String] = []
                names.reserveCapacity(n)
                for _ in 0..<n {
                    guard let name = r.text() else { return nil }
                    names.append(name)
                }
                lists.append(names)
            }
            let entries = CorpusLoader.FolderEntries(files: lists[0], folders: lists[1])
            folders[prefix] = Folder(info: info, entries: entries, encoded: payload[start..<r.position])
        }
        return r.atEnd ? folders : nil
    }
}

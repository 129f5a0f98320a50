import Foundation
import Synchronization

/// A corpus folder as it stands before a run reads it: its listing and the `stat` of every article file.
///
/// The `stat`s are taken once, on several threads, before any file is read. A run then reads the files without
/// asking for them again, and ``ReportMemo`` can tell from them alone whether anything changed since an earlier run.
/// Taken before the reads, a `stat` can only be older than the bytes read: a file changed in between shows a new
/// change time to the next run, which then reads it again.
public struct CorpusSurvey: Sendable {
    public let directory: String
    let listing: CorpusLoader.Listing
    /// Each listed file's `stat`, or why it is not an article file that can be read, in listing order.
    let examined: [Result<FileStat, CorpusError>]
    /// The `stat` of the metadata file (``CorpusLoader/metadataFileName``), taken before it was read; nil when
    /// there is none.
    let metadataInfo: FileStat?

    /// Article files listed, readable or not.
    public var fileCount: Int { listing.files.count }

    /// How a folder's article files are found: `walk(directory, found)` hands `found` the path of each, relative to
    /// the folder, as ``CorpusLoader/walk(_:prefix:_:)`` does (which is the default).
    public typealias Walk = (_ directory: String, _ found: (String) -> Void) -> Void

    /// Lists `directory` (with `walk`) and takes the `stat` of each article file on `jobs` threads.
    ///
    /// - Parameter alongside: work to do on another thread (with more than one job) while the folder is listed,
    ///   which takes one thread.
    /// - Throws: when `directory` is not a folder.
    public init(directory: String, jobs: Int = 1, walk: Walk? = nil, alongside: (() -> Void)? = nil) throws(CorpusError) {
        self.directory = directory
        var info = stat()
        metadataInfo = stat(CorpusLoader.join(directory, CorpusLoader.metadataFileName), &info) == 0 ? FileStat(info) : nil
        var examined: [Result<FileStat, CorpusError>] = []
        listing = try CorpusLoader.listing(directory) { directory in
            let found = Self.walkAndExamine(directory, jobs: jobs, walk: walk ?? { CorpusLoader.walk($0, $1) }, alongside: alongside)
            examined = found.examined
            return found.files
        }
        self.examined = examined
    }

    /// Takes the `stat` of each listed file again, as the survey took them; returns how many are article files that
    /// can be read. A run over an unchanged corpus cannot do less than this (`brief bench` measures it apart).
    public func examineAgain(jobs: Int) -> Int {
        Self.examine(listing.files, in: directory, jobs: jobs).reduce(0) { n, r in if case .success = r { n + 1 } else { n } }
    }

    /// The article files below `directory`, in byte order, each with its `stat`.
    static func walkAndExamine(
        _ directory: String, jobs: Int, walk: Walk, alongside: (() -> Void)? = nil
    ) -> (files: [String], examined: [Result<FileStat, CorpusError>]) {
        var files: [String] = []
        if let alongside, jobs > 1 {
            concurrently({ files = sortedListing(directory, walk: walk) }, alongside)
        } else {
            files = sortedListing(directory, walk: walk)
            alongside?()
        }
        return (files, examine(files, in: directory, jobs: jobs))
    }

    /// The article files below `directory`, as `walk` finds them, in byte order.
    static func sortedListing(_ directory: String, walk: Walk) -> [String] {
        var names: [String] = []
        walk(directory) { names.append($0) }
        // Sorted first, so that each `stat` goes straight to its place: moving a corpus's worth of results into
        // order afterwards costs more than the sort (a listing kept by ``ListingCache`` comes sorted).
        return CorpusLoader.sortedByBytes(names)
    }

    /// The `stat` of each of `files` (relative to `directory`), in their order, on `jobs` threads, each taking the
    /// next chunk not taken yet; taken relative to the open folder, so that the kernel walks the folder's path once,
    /// not for each file.
    static func examine(_ files: [String], in directory: String, jobs: Int) -> [Result<FileStat, CorpusError>] {
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folder >= 0 { close(folder) } }
        @Sendable func examine(_ relative: String) -> Result<FileStat, CorpusError> {
            if folder >= 0, let info = CorpusLoader.acceptedStat(of: relative, in: folder) { return .success(info) }
            return CorpusLoader.examine(CorpusLoader.join(directory, relative), in: folder, as: folder >= 0 ? relative : nil)
        }
        let chunk = 256
        guard jobs > 1, files.count > chunk else { return files.map(examine) }
        return [Result<FileStat, CorpusError>](unsafeUninitializedCapacity: files.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            let taken = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while true {
                    let start = taken.add(chunk, ordering: .relaxed).oldValue
                    guard start < files.count else { break }
                    for i in start..<min(start + chunk, files.count) { (output.baseAddress! + i).initialize(to: examine(files[i])) }
                }
            }
            initialized = files.count
        }
    }
}

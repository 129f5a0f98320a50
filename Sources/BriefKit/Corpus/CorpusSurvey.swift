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
    let examined: [Result<stat, CorpusError>]
    /// The `stat` of the metadata file (``CorpusLoader/metadataFileName``), taken before it was read; nil when
    /// there is none.
    let metadataInfo: stat?

    /// Article files listed, readable or not.
    public var fileCount: Int { listing.files.count }

    /// Lists `directory` and takes the `stat` of each article file on `jobs` threads.
    ///
    /// - Throws: when `directory` is not a folder.
    public init(directory: String, jobs: Int = 1) throws(CorpusError) {
        self.directory = directory
        var info = stat()
        metadataInfo = stat(CorpusLoader.join(directory, CorpusLoader.metadataFileName), &info) == 0 ? info : nil
        var examined: [Result<stat, CorpusError>] = []
        listing = try CorpusLoader.listing(directory) { directory in
            let found = Self.walkAndExamine(directory, jobs: jobs)
            examined = found.examined
            return found.files
        }
        self.examined = examined
    }

    /// The article files below `directory`, in byte order, each with its `stat`.
    ///
    /// With more than one job, one thread walks the folder while the others take the `stat` of the files found so
    /// far, a chunk at a time; then all of them take what is left. The `stat`s are taken relative to the open
    /// folder, so that the kernel walks the folder's path once, not for each file.
    static func walkAndExamine(_ directory: String, jobs: Int) -> (files: [String], examined: [Result<stat, CorpusError>]) {
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folder >= 0 { close(folder) } }
        @Sendable func examine(_ relative: String) -> Result<stat, CorpusError> {
            CorpusLoader.examine(CorpusLoader.join(directory, relative), in: folder, as: folder >= 0 ? relative : nil)
        }
        var names: [String] = []
        var examined: [Result<stat, CorpusError>] = []
        if jobs <= 1 {
            CorpusLoader.walk(directory) { names.append($0) }
            examined = names.map(examine)
        } else {
            let chunkSize = 256
            let found = Mutex<(chunks: [[String]], done: Bool)>(([], false))
            let made = Mutex<[(names: [String], examined: [Result<stat, CorpusError>])]>([])
            let ready = DispatchSemaphore(value: 0)
            /// Takes the `stat`s of the chunks found, until the walk is done and none is left; waits for more
            /// while the walk goes on.
            @Sendable func work() {
                while true {
                    let (chunk, done) = found.withLock { ($0.chunks.popLast(), $0.done) }
                    if let chunk {
                        let stats = chunk.map(examine)
                        made.withLock { $0.append((chunk, stats)) }
                        continue
                    }
                    if done { return }
                    ready.wait()
                }
            }
            DispatchQueue.concurrentPerform(iterations: jobs) { job in
                guard job == 0 else { return work() }
                var chunk: [String] = []
                chunk.reserveCapacity(chunkSize)
                CorpusLoader.walk(directory) { name in
                    chunk.append(name)
                    guard chunk.count == chunkSize else { return }
                    found.withLock { $0.chunks.append(chunk) }
                    ready.signal()
                    chunk.removeAll(keepingCapacity: true)
                }
                found.withLock {
                    $0.chunks.append(chunk)
                    $0.done = true
                }
                for _ in 1..<jobs { ready.signal() }
                work()
            }
            for part in made.withLock({ $0 }) {
                names += part.names
                examined += part.examined
            }
        }
        let order = CorpusLoader.byteOrder(names)
        return (order.map { names[$0] }, order.map { examined[$0] })
    }
}

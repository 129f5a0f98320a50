import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `transform` of each element on up to `jobs` threads, the results in the elements' order whatever the number
    /// of threads. Each worker takes the next element not taken yet, as the pipeline's threads do: with every
    /// `jobs`-th element each, a worker whose core the machine gave to something else left the other idle at the
    /// end. Each result is written by exactly one thread, and `transform` is told which worker (from 0) calls it,
    /// for state of its own (a decoder per thread, say).
    func parallelMap<R>(jobs: Int, _ transform: @Sendable (_ worker: Int, Element) -> R) -> [R] {
        let jobs = Swift.min(jobs, count)
        guard jobs > 1 else { return map { transform(0, $0) } }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        // Deinitialized before it is freed: the results are copied out, and their references must be let go.
        defer { results.deinitialize().deallocate() }
        nonisolated(unsafe) let output = results
        let taken = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: jobs) { w in
            while true {
                let i = taken.add(1, ordering: .relaxed).oldValue
                guard i < count else { break }
                output[i] = transform(w, self[i])
            }
        }
        return results.map { $0! }
    }
}

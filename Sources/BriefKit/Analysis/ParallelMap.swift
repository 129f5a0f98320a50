import Foundation

extension Array where Element: Sendable {
    /// `transform` of each element on up to `jobs` threads, the results in the elements' order whatever the number
    /// of threads. Worker `w` (from 0) takes elements w, w + jobs, ...: each result is written by exactly one thread,
    /// and `transform` is told which worker calls it, for state of its own (a decoder per thread, say).
    func parallelMap<R>(jobs: Int, _ transform: @Sendable (_ worker: Int, Element) -> R) -> [R] {
        let jobs = Swift.min(jobs, count)
        guard jobs > 1 else { return map { transform(0, $0) } }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        // Deinitialized before it is freed: the results are copied out, and their references must be let go.
        defer { results.deinitialize().deallocate() }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: jobs) { w in
            for i in Swift.stride(from: w, to: count, by: jobs) { output[i] = transform(w, self[i]) }
        }
        return results.map { $0! }
    }
}

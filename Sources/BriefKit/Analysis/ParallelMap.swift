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
        // Empty when it is freed: the results are moved out below.
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        let taken = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: jobs) { w in
            while true {
                let i = taken.add(1, ordering: .relaxed).oldValue
                guard i < count else { break }
                output[i] = transform(w, self[i])
            }
        }
        // Moved out, not copied: a copy retained every reference in every result, then released them all again with
        // the buffer, on one thread while the others waited.
        return [R](unsafeUninitializedCapacity: count) { array, made in
            for i in 0..<count { (array.baseAddress! + i).initialize(to: (results.baseAddress! + i).move()!) }
            made = count
        }
    }
}

/// Runs `first` and `second` at once, on the calling thread and one of Dispatch's, and returns when both are done.
/// Each may write what the other does not touch (the caller reads it after).
func concurrently(_ first: () -> Void, _ second: () -> Void) {
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            nonisolated(unsafe) let (first, second) = (first, second)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 { first() } else { second() }
            }
        }
    }
}

/// Runs `body(i)` for each `i` in `0..<count` on threads made for it, at most `limit` of them, the calling thread
/// taking its share; returns when all is done. For work that waits rather than computes (a file synced to the disk):
/// Dispatch lends no more threads than there are cores, and waits taken one after another add up where waits taken
/// together cost about one. (Linux's `pthread_t`; Darwin's is a pointer.)
func waitingTogether(_ count: Int, limit: Int = 8, _ body: @Sendable (Int) -> Void) {
    final class Work: @unchecked Sendable {  // `body` is called on each thread; `next` is atomic
        let count: Int
        let body: @Sendable (Int) -> Void
        let next = Atomic<Int>(0)
        init(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) { (self.count, self.body) = (count, body) }
        func run() {
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                body(i)
            }
        }
    }
    withoutActuallyEscaping(body) { body in
        // The threads are joined below, before `body` goes out of scope.
        let work = Work(count, body)
        var threads: [pthread_t] = []
        for _ in 0..<min(count, limit) {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(work).toOpaque()
            let made = pthread_create(&thread, nil, { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
            if made == 0 { threads.append(thread) } else { Unmanaged<Work>.fromOpaque(context).release() }
        }
        // All of it, when no thread could be made.
        work.run()
        for thread in threads { pthread_join(thread, nil) }
    }
}

/// What each thread at work keeps of its own from one task to the next (a tokenizer's memo, say): a thread takes the
/// one it gave back last if it is free, else one that is, else has one made, and gives it back after. Taking its own
/// again matters: a memo is megabytes of tables, which a thread that took the other's would read from the other
/// core's cache.
final class PerThread<Resource>: @unchecked Sendable {  // its state is behind the lock
    private let lock = NSLock()
    /// The free resources, each with the thread that gave it back.
    private var free: [(resource: Resource, thread: pthread_t)] = []
    private var made = 0
    private let make: @Sendable (_ before: Int) -> Resource

    /// - Parameter make: a new resource, told how many were made before it.
    init(_ make: @escaping @Sendable (_ before: Int) -> Resource) {
        self.make = make
    }

    /// A resource for this thread to use, until it gives it back (``give(_:)``). Not lent to a closure: the
    /// analysis's would capture the article it works on, and copy it (see `Analyzer.analyze(_:)`).
    func take() -> Resource {
        let thread = pthread_self()
        lock.lock()
        if let i = free.lastIndex(where: { pthread_equal($0.thread, thread) != 0 }) ?? (free.isEmpty ? nil : free.count - 1) {
            let resource = free.remove(at: i).resource
            lock.unlock()
            return resource
        }
        let before = made
        made += 1
        lock.unlock()
        return make(before)
    }

    /// Gives back a resource this thread took (``take()``).
    func give(_ resource: Resource) {
        let thread = pthread_self()
        lock.lock()
        free.append((resource, thread))
        lock.unlock()
    }
}

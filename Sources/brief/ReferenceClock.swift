import Dispatch
import Synchronization

/// How fast this machine's cores run at the moment, from a loop whose cost in cycles is known: a chain of 64-bit
/// multiplications and exclusive ors, each step waiting on the one before (on x86-64, 3 cycles for the multiplication
/// and 1 for the xor, whatever the core's caches and memory).
///
/// A shared machine's cores do not keep one speed: on the 2-core machine the targets are set for, this loop took from
/// 2.6 to 4.7 s for the same work within a few minutes, alone each time. A time multiplied by the clock measured
/// beside it, cycles, leaves those changes out of a figure; not what other tenants do to the caches and memory the
/// machine shares, which changes the analysis's speed at a steady clock too (22.8 to 35.9 cycles a byte within
/// minutes, at 2.8 GHz).
enum ReferenceClock {
    #if arch(x86_64)
    /// Cycles a step of ``steps(_:seed:)`` takes, where known.
    static let cyclesPerStep: Double? = 4
    #else
    static let cyclesPerStep: Double? = nil
    #endif

    /// The clock, in GHz, that each of `threads` threads saw while all ran the loop at once (80 million cycles, some
    /// 30 ms): the median of theirs. `nil` where a step's cycles are not known.
    static func gigahertz(threads: Int = 1, steps: Int = 20_000_000) -> Double? {
        guard let cyclesPerStep else { return nil }
        let seen = Mutex<[Double]>([])
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { t in
            let start = DispatchTime.now().uptimeNanoseconds
            let result = Self.steps(steps, seed: UInt64(t) &+ start)
            let nanoseconds = Double(DispatchTime.now().uptimeNanoseconds - start)
            // `result` is used, so that the loop is not optimized away; it is never 0 for these seeds in practice,
            // and a 0 would only drop one sample.
            if result != 0 { seen.withLock { $0.append(Double(steps) * cyclesPerStep / nanoseconds) } }
        }
        let all = seen.withLock { $0 }
        return all.isEmpty ? nil : middle(all)
    }

    /// `steps` steps of the loop from `seed`: each multiplies the last result, xor the step's number, by the FNV prime.
    @inline(never)
    static func steps(_ steps: Int, seed: UInt64) -> UInt64 {
        var h = seed | 1
        var i: UInt64 = 0
        while i < UInt64(steps) {
            h = (h ^ i) &* 0x0000_0100_0000_01B3
            i &+= 1
        }
        return h
    }
}

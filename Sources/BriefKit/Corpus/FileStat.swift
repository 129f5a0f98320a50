import Foundation

/// What brief keeps of a file's `stat`: the fields that tell that a file changed (as git's index keeps them), in 56
/// bytes instead of `stat`'s 144, since a run over a large corpus keeps one for each file.
public struct FileStat: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modifiedSeconds: Int64
    public var changedSeconds: Int64
    public var modifiedNanoseconds: Int32
    public var changedNanoseconds: Int32
    public var mode: UInt32

    public init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        changedSeconds = Int64(info.st_ctim.tv_sec)
        modifiedNanoseconds = Int32(truncatingIfNeeded: info.st_mtim.tv_nsec)
        changedNanoseconds = Int32(truncatingIfNeeded: info.st_ctim.tv_nsec)
        mode = UInt32(info.st_mode)
    }

    /// The fields as eight words, in one fixed order (device, inode, mode, size, then the modification and the change
    /// time, seconds and nanoseconds): how the cache files keep a `stat`, and how a fingerprint takes one.
    public typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    public var words: Words {
        (
            device, inode, UInt64(mode), UInt64(bitPattern: size),
            UInt64(bitPattern: modifiedSeconds), UInt64(UInt32(bitPattern: modifiedNanoseconds)),
            UInt64(bitPattern: changedSeconds), UInt64(UInt32(bitPattern: changedNanoseconds))
        )
    }

    public init(words w: Words) {
        device = w.0
        inode = w.1
        mode = UInt32(truncatingIfNeeded: w.2)
        size = Int64(bitPattern: w.3)
        modifiedSeconds = Int64(bitPattern: w.4)
        modifiedNanoseconds = Int32(bitPattern: UInt32(truncatingIfNeeded: w.5))
        changedSeconds = Int64(bitPattern: w.6)
        changedNanoseconds = Int32(bitPattern: UInt32(truncatingIfNeeded: w.7))
    }

    /// How many whole seconds before a run a file must have last changed for its `stat` to vouch for its bytes (see
    /// ``settledCutoff()``).
    public static let settlingSeconds = 2

    /// The runs' default for ``settled(before:)``: ``settlingSeconds`` before now, so that a file written in the same
    /// clock tick as it was read is read again next time.
    public static func settledCutoff() -> Int { time(nil) - settlingSeconds }

    /// Whether the file was modified and changed before `time` (seconds since 1970): then its `stat` can vouch for
    /// its bytes, since a later write would give it a later change time. A file written in the same clock tick as
    /// its `stat` was taken can have been written again with every field as it was.
    public func settled(before time: Int) -> Bool {
        modifiedSeconds < Int64(time) && changedSeconds < Int64(time)
    }
}

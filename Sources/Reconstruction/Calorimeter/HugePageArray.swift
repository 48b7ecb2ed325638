import Foundation

/// A read-only copy of an array in memory the kernel is asked to back with 2 MB pages
/// (`madvise(MADV_HUGEPAGE)`; transparent huge pages set to `madvise`, the common default,
/// give them only so). A table of megabytes read at random then costs a TLB entry per 2 MB
/// instead of per 4 kB: each miss of the 4 kB mapping is a page walk, under a hypervisor
/// a two-level one. Where the kernel declines, it is ordinary memory (same contents).
final class HugePageArray<Element: BitwiseCopyable>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
    private let mapping: UnsafeMutableRawPointer
    private let mappedBytes: Int

    init(_ array: [Element]) {
        let hugePage = 2 << 20
        let bytes = max(array.count * MemoryLayout<Element>.stride, 1)
        // Rounded up to whole huge pages, plus one to align the start on a huge page.
        let length = (bytes + hugePage - 1) / hugePage * hugePage + hugePage
        var start: UnsafeMutableRawPointer
        if let m = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
           m != UnsafeMutableRawPointer(bitPattern: -1) {
            mapping = m
            mappedBytes = length
            let offset = (hugePage - Int(bitPattern: m) % hugePage) % hugePage
            start = m + offset
            #if os(Linux)
            _ = madvise(start, length - offset, 14)   // MADV_HUGEPAGE (<linux/mman.h>), before first touch
            #endif
        } else {
            start = .allocate(byteCount: bytes, alignment: 16)
            mapping = start
            mappedBytes = 0
        }
        let typed = start.bindMemory(to: Element.self, capacity: array.count)
        _ = UnsafeMutableBufferPointer(start: typed, count: array.count).initialize(from: array)
        buffer = UnsafeBufferPointer(start: typed, count: array.count)
    }

    deinit {
        if mappedBytes > 0 { munmap(mapping, mappedBytes) } else { mapping.deallocate() }
    }
}

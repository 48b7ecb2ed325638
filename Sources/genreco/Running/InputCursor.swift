import EventModel
import Farm

/// Reads reco jobs' input slices for rank 0 to send to workers. Jobs go out in plan order,
/// so consecutive slices of a file follow each other: the cursor keeps the file open where
/// the last slice ended instead of skipping from the start again for every job (which
/// would make a large file cost quadratic time). Any other slice reopens the file.
final class InputCursor {
    private var path: String?
    private var reader: HepMC3Reader?
    private var position = 0

    func payload(_ job: JobSpec) throws -> [UInt8] {
        guard job.kind == .reco, let slice = job.input else { return [] }
        return GenEvent.encode(try events(slice))
    }

    /// The `count` events of a file after skipping `skip`.
    func events(_ slice: JobSpec.InputSlice) throws -> [GenEvent] {
        do {
            return try read(slice)
        } catch {
            // A reader stops at its first error; the next slice starts afresh (skipping
            // only checks the structure, so slices past a bad event can still be read).
            reader = nil
            throw error
        }
    }

    private func read(_ slice: JobSpec.InputSlice) throws -> [GenEvent] {
        if path != slice.path || position > slice.skip || reader == nil {
            reader?.close()
            reader = try HepMC3Reader(path: slice.path)
            path = slice.path
            position = 0
        }
        let r = reader!
        let toSkip = slice.skip - position
        let skipped = try r.skip(toSkip)
        position += skipped
        guard skipped == toSkip else {
            throw InputError("\(slice.path) has \(position) events, fewer than the \(slice.skip) to skip")
        }
        var events: [GenEvent] = []
        events.reserveCapacity(slice.count)
        while events.count < slice.count, let e = try r.next() { events.append(e) }
        position += events.count
        guard events.count == slice.count else {
            throw InputError("\(slice.path) ended after \(position) events; the job needs \(slice.skip + slice.count)")
        }
        return events
    }
}

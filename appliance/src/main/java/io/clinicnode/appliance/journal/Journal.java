package io.clinicnode.appliance.journal;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import io.clinicnode.appliance.atrest.PrivateFiles;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;

/**
 * The node's journal: an append-only Chronicle Queue of {@link Event}s, the source of truth from which
 * the H2 projection can always be rebuilt.
 *
 * <p>Appends land in memory-mapped files, which survive a killed process but not a power cut; {@link #sync()}
 * forces them to disk. Callers append a group of events, sync once, and only then acknowledge the group
 * (group commit).
 *
 * <p>With a {@link PayloadSealer} every payload is encrypted on append and decrypted on read, so that the files
 * never hold a payload in clear while every reader (replay, replication, the sync agent) gets clear events. The
 * files are private to the node's user (600, in a 700 directory), also the ones Chronicle creates when it rolls.
 *
 * <p>Not thread-safe for writing: one thread (the write path's writer) appends and syncs. Reading with
 * {@link #replay} opens its own tailer and may run on any single thread.
 */
public final class Journal implements AutoCloseable {
    private final Path directory;
    private final SingleChronicleQueue queue;
    private final Optional<PayloadSealer> sealer;
    private final Set<Integer> unsyncedCycles = new LinkedHashSet<>();
    /** The mapped chunk the first unsynced append went to; null when everything is synced. */
    private BytesStore<?, ?> unsyncedChunk;
    /** Whether the unsynced appends span more than one mapped chunk or file. */
    private boolean unsyncedSpansChunks;
    private ExcerptAppender appender;
    /** The cycle whose file {@link #append} last made private; a new cycle means a new file (a daily roll). */
    private int privateCycle = Integer.MIN_VALUE;
    /** Index of the last entry made durable by {@link #sync()} (or found at open); readers stop there. */
    private volatile long durableIndex;

    private Journal(Path directory, SingleChronicleQueue queue, Optional<PayloadSealer> sealer) {
        this.directory = directory;
        this.queue = queue;
        this.sealer = sealer;
        this.durableIndex = lastIndexOnDisk(queue);
    }

    private static long lastIndexOnDisk(SingleChronicleQueue queue) {
        long last = queue.lastIndex();
        return last < 0 ? 0 : last;
    }

    /** Opens the journal in {@code directory}, creating it if it does not exist, with payloads in clear. */
    public static Journal open(Path directory) {
        return open(directory, Optional.empty());
    }

    /**
     * Opens the journal in {@code directory}, creating it (mode 700) if it does not exist. With {@code sealer}, new
     * payloads are encrypted; older entries written in clear still read.
     */
    public static Journal open(Path directory, Optional<PayloadSealer> sealer) {
        try {
            PrivateFiles.createDirectories(directory);
            // SyncMode.SYNC makes the mapped-range sync below an msync(MS_SYNC), which waits for the device;
            // Chronicle's default is MS_ASYNC, which only schedules write-back and survives no power cut.
            SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
                    .syncMode(SyncMode.SYNC)
                    .build();
            // The metadata file and the cycle files already there; append narrows the ones created later.
            PrivateFiles.narrowTree(directory);
            return new Journal(directory, queue, sealer);
        } catch (IOException | RuntimeException e) {
            throw new JournalException("Cannot open the journal in " + directory + ": " + e.getMessage()
                    + ". Check that the directory is writable and not used by another node process.", e);
        }
    }

    /**
     * Appends one event and returns its journal index. The event is not durable until {@link #sync()}.
     */
    public long append(Event event) {
        ExcerptAppender writer = appender();
        try (DocumentContext context = writer.writingDocument()) {
            try {
                EventWireFormat.write(event, context.wire(), sealer);
            } catch (RuntimeException e) {
                // A half-written entry (say, the payload could not be encrypted) must not reach the journal.
                context.rollbackOnClose();
                throw e;
            }
        }
        int cycle = writer.cycle();
        if (cycle != privateCycle) {
            makePrivate(cycle);
        }
        unsyncedCycles.add(cycle);
        BytesStore<?, ?> chunk = writer.wire().bytes().bytesStore();
        if (unsyncedChunk == null) {
            unsyncedChunk = chunk;
        } else if (chunk != unsyncedChunk) {
            unsyncedSpansChunks = true;
        }
        return writer.lastIndexAppended();
    }

    /**
     * Forces every appended event to stable storage. In the usual case all unsynced appends sit in the
     * appender's current mapped chunk, and one {@code msync(MS_SYNC)} of the written range does it (a
     * fraction of a millisecond). When they span a chunk boundary or a daily file roll, that range sync
     * would miss the earlier chunk, so each file written is fsynced whole instead: on Linux an fsync also
     * flushes the pages written through the memory mapping (one page cache for both).
     */
    public void sync() {
        if (unsyncedChunk == null) {
            return;
        }
        long lastAppended = appender().lastIndexAppended();
        if (unsyncedSpansChunks || unsyncedCycles.size() > 1) {
            fsyncFiles();
        } else {
            msyncCurrentChunk();
        }
        unsyncedCycles.clear();
        unsyncedChunk = null;
        unsyncedSpansChunks = false;
        durableIndex = lastAppended;
    }

    /**
     * Index of the last entry known to be on stable storage: everything up to it was synced (or was on disk when
     * the journal opened). Readers that act outside the node (the sync agent) read no further, so that nothing
     * leaves the node that a power cut could still take back.
     */
    public long durableIndex() {
        return durableIndex;
    }

    /** Number of entries after {@code afterIndex} (0: from the start) up to and including {@code upToIndex}. */
    public long countBetween(long afterIndex, long upToIndex) {
        if (upToIndex <= afterIndex || upToIndex <= 0) {
            return 0;
        }
        if (afterIndex > 0) {
            // countExcerpts counts [from, to): the same number of entries as (from, to].
            return queue.countExcerpts(afterIndex, upToIndex);
        }
        long first = queue.firstIndex();
        return first == Long.MAX_VALUE || first > upToIndex ? 0 : queue.countExcerpts(first, upToIndex) + 1;
    }

    /**
     * Opens a cursor that reads the entries after {@code afterIndex} (0: from the start), one at a time. Each
     * cursor has its own Chronicle tailer and must be used by one thread at a time; close it when done.
     */
    public Cursor cursor(long afterIndex) {
        Cursor cursor = new Cursor(queue.createTailer());
        cursor.rewind(afterIndex);
        return cursor;
    }

    /**
     * Narrows the file of a cycle the writer just started: Chronicle creates it with the process's default mode, which
     * Java cannot choose. (Chronicle's StoreFileListener would see the file too, but calls it later on a background
     * thread.)
     */
    private void makePrivate(int cycle) {
        File file = cycleFile(cycle);
        try {
            PrivateFiles.narrow(file.toPath());
        } catch (IOException e) {
            throw new JournalException("Cannot make the journal file " + file + " private: " + e.getMessage()
                    + ". Check that it belongs to the user the node runs as.", e);
        }
        privateCycle = cycle;
    }

    private void msyncCurrentChunk() {
        if (!(appender().wire().bytes() instanceof MappedBytes mapped)) {
            fsyncFiles();
            return;
        }
        try {
            mapped.sync();
        } catch (RuntimeException e) {
            throw new JournalException("Cannot sync the journal in " + directory + " to disk: " + e.getMessage()
                    + ". The disk may be full or failing; writes are refused until it is fixed.", e);
        }
    }

    private void fsyncFiles() {
        for (int cycle : unsyncedCycles) {
            File file = cycleFile(cycle);
            try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
                channel.force(false);
            } catch (IOException e) {
                throw new JournalException("Cannot sync journal file " + file + " to disk: " + e.getMessage()
                        + ". The disk may be full or failing; writes are refused until it is fixed.", e);
            }
        }
    }

    /**
     * Reads every event after journal index {@code afterIndex} (0 for all) in journal order.
     *
     * @return the index of the last event read, or {@code afterIndex} when there was none
     */
    public long replay(long afterIndex, JournalReader reader) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (afterIndex > 0) {
                if (!tailer.moveToIndex(afterIndex)) {
                    throw new JournalException("The journal in " + directory + " has no entry at index "
                            + Long.toHexString(afterIndex) + " that the database says was applied. The journal"
                            + " files may have been removed or replaced; restore them from backup.");
                }
                skipOne(tailer);
            }
            long last = afterIndex;
            while (true) {
                try (DocumentContext context = tailer.readingDocument()) {
                    if (!context.isPresent()) {
                        return last;
                    }
                    if (!context.isData()) {
                        continue;
                    }
                    Wire wire = context.wire();
                    last = context.index();
                    reader.read(last, EventWireFormat.read(wire, sealer));
                }
            }
        }
    }

    /**
     * Reads events from journal index {@code fromIndex} on (inclusive; 0 for the first), in journal order, for as
     * long as {@code scanner} asks for more. Safe while the writer appends: it reads what was there when it got there.
     */
    public void scan(long fromIndex, JournalScanner scanner) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (fromIndex > 0 && !tailer.moveToIndex(fromIndex)) {
                throw new JournalException("The journal in " + directory + " has no entry at index " + Long.toHexString(fromIndex) + ".");
            }
            while (true) {
                try (DocumentContext context = tailer.readingDocument()) {
                    if (!context.isPresent()) {
                        return;
                    }
                    if (context.isData() && !scanner.read(context.index(), EventWireFormat.read(context.wire(), sealer))) {
                        return;
                    }
                }
            }
        }
    }

    private static void skipOne(ExcerptTailer tailer) {
        try (DocumentContext ignored = tailer.readingDocument()) {
            // reading and closing the context moves the tailer past the entry that was already applied
        }
    }

    /** How a sync of the current mapped chunk reaches the disk; {@code SYNC} waits for the device. */
    SyncMode mappedSyncMode() {
        return appender().wire().bytes().bytesStore() instanceof MappedBytesStore store ? store.syncMode() : SyncMode.NONE;
    }

    /** Journal files' directory. */
    public Path directory() {
        return directory;
    }


    /** Bytes the journal's files take on disk. */
    public long sizeOnDisk() {
        try (var files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private ExcerptAppender appender() {
        if (appender == null) {
            appender = queue.createAppender();
        }
        return appender;
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }

    /** The file Chronicle keeps {@code cycle} in: the cycle's start, formatted by the roll cycle, in UTC. */
    private File cycleFile(int cycle) {
        RollCycle rollCycle = queue.rollCycle();
        Instant start = Instant.ofEpochMilli(queue.epoch() + (long) cycle * rollCycle.lengthInMillis());
        String name = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC).format(start);
        File file = directory.resolve(name + SingleChronicleQueue.SUFFIX).toFile();
        if (!file.isFile()) {
            throw new JournalException("The journal file " + file + " for cycle " + cycle + " is missing, so appends"
                    + " cannot be synced to disk; writes are refused. Check the journal directory.");
        }
        return file;
    }

    /** Receives events {@link #scan scanned} from the journal and says whether to go on. */
    @FunctionalInterface
    public interface JournalScanner {
        /** @return whether to read the next event */
        boolean read(long index, Event event);
    }

    /** An entry read by a {@link Cursor}: its journal index (local to this node) and its event. */
    public record Entry(long index, Event event) {
    }

    /** Reads the journal forward from a position; see {@link #cursor}. Not thread-safe. */
    public final class Cursor implements AutoCloseable {
        private final ExcerptTailer tailer;
        private long position;

        private Cursor(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        /** Moves so that {@link #next} returns the entry after {@code afterIndex} (0: the first entry). */
        public void rewind(long afterIndex) {
            if (afterIndex <= 0) {
                tailer.toStart();
            } else {
                if (!tailer.moveToIndex(afterIndex)) {
                    throw new JournalException("The journal in " + directory + " has no entry at index "
                            + Long.toHexString(afterIndex) + " to read after. The journal files may have been removed.");
                }
                skipOne(tailer);
            }
            position = Math.max(afterIndex, 0);
        }

        /** The next entry with an index at or below {@code upToIndex}, or null when there is none yet. */
        public Entry next(long upToIndex) {
            while (true) {
                try (DocumentContext context = tailer.readingDocument()) {
                    if (!context.isPresent()) {
                        return null;
                    }
                    if (context.index() > upToIndex) {
                        context.rollbackOnClose();
                        return null;
                    }
                    if (!context.isData()) {
                        continue;
                    }
                    position = context.index();
                    return new Entry(position, EventWireFormat.read(context.wire(), sealer));
                }
            }
        }

        /** Index of the last entry returned (or the position rewound to). */
        public long position() {
            return position;
        }

        @Override
        public void close() {
            tailer.close();
        }
    }

    /** Receives events read back from the journal. */
    @FunctionalInterface
    public interface JournalReader {
        void read(long index, Event event);
    }
}

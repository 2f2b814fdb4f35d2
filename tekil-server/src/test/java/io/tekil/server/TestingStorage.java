package io.tekil.server;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Event;
import io.tekil.core.store.EventStore;
import io.tekil.core.store.ForwardingEventStore;
import io.tekil.core.store.ForwardingStorage;
import io.tekil.core.store.QuarantinedEvent;
import io.tekil.core.store.Storage;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A real storage whose appends can be made to fail or to block, to test what clients see when storage is down. */
public final class TestingStorage extends ForwardingStorage {
    private final FaultyEvents events;
    private volatile boolean failing;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Semaphore appendsEntered = new Semaphore(0);

    public TestingStorage(Storage delegate) {
        super(delegate);
        this.events = new FaultyEvents();
    }

    /** While on, every append throws as a broken disk would. */
    public void failAppends(boolean on) {
        failing = on;
    }

    /** Makes appends wait until {@link #release()}. */
    public void blockAppends() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Waits until an append has started (and, if blocked, is waiting at the gate). */
    public void awaitAppendEntered() throws InterruptedException {
        if (!appendsEntered.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no append started within 30 s");
        }
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public void close() {
        release();
        super.close();
    }

    private final class FaultyEvents extends ForwardingEventStore {
        FaultyEvents() {
            super(TestingStorage.this.delegate().events());
        }

        @Override
        public void append(List<Event> appended, List<QuarantinedEvent> quarantined) {
            appendsEntered.release();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("appends were blocked for 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                throw new TekilException(ErrorCategory.UNAVAILABLE, "storage failed to append events: disk I/O error (simulated)");
            }
            delegate().append(appended, quarantined);
        }
    }
}

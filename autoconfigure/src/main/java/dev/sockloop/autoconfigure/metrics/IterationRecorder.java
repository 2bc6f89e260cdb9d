package dev.sockloop.autoconfigure.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.sockloop.stats.LoopStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;

/**
 * Carries one loop's iteration samples (duration, ready events) to its Micrometer timer and
 * summary without recording on the loop thread.
 *
 * <p>Recording into a Micrometer timer and summary costs about 150 ns (clock reads for the
 * time-window max and histogram, adders, bucket search); paid on every iteration, that is
 * several percent of a busy loop. So the loop only stores a
 * packed sample in a single-producer ring (a few nanoseconds), and a metrics thread drains the
 * ring into the meters every few milliseconds. If the drain falls behind by a whole ring, samples
 * are dropped and counted rather than ever blocking the loop.
 */
final class IterationRecorder implements LoopStats.IterationListener {

	private static final int CAPACITY = 1 << 14;

	private static final int MASK = CAPACITY - 1;

	/** Ready events are stored in the low bits, capped; the duration in the rest. */
	private static final int EVENT_BITS = 12;

	private static final long MAX_EVENTS = (1L << EVENT_BITS) - 1;

	private static final VarHandle TAIL;

	private static final VarHandle HEAD;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			TAIL = lookup.findVarHandle(IterationRecorder.class, "tail", long.class);
			HEAD = lookup.findVarHandle(IterationRecorder.class, "head", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final long[] samples = new long[CAPACITY];

	/** Next slot the loop writes; published with release semantics. */
	private long tail;

	/** Next slot the drain reads; published with release semantics. */
	private long head;

	private volatile long dropped;

	private volatile Timer[] latencies = new Timer[0];

	private volatile DistributionSummary[] events = new DistributionSummary[0];

	synchronized void add(Timer latency, DistributionSummary summary) {
		Timer[] timers = Arrays.copyOf(this.latencies, this.latencies.length + 1);
		timers[timers.length - 1] = latency;
		DistributionSummary[] summaries = Arrays.copyOf(this.events, this.events.length + 1);
		summaries[summaries.length - 1] = summary;
		this.events = summaries;
		this.latencies = timers;
	}

	/** Loop thread. */
	@Override
	public void iterationEnded(long durationNanos, int readyEvents) {
		long t = this.tail;
		if (t - (long) HEAD.getAcquire(this) >= CAPACITY) {
			this.dropped = this.dropped + 1;
			return;
		}
		this.samples[(int) t & MASK] = (durationNanos << EVENT_BITS) | Math.min(readyEvents, MAX_EVENTS);
		TAIL.setRelease(this, t + 1);
	}

	/**
	 * Records every sample stored since the last drain. One draining thread at a time.
	 * @return how many samples were recorded
	 */
	synchronized int drain() {
		long h = this.head;
		long t = (long) TAIL.getAcquire(this);
		Timer[] timers = this.latencies;
		DistributionSummary[] summaries = this.events;
		for (long i = h; i < t; i++) {
			long sample = this.samples[(int) i & MASK];
			long duration = sample >>> EVENT_BITS;
			long readyEvents = sample & MAX_EVENTS;
			for (int m = 0; m < timers.length && m < summaries.length; m++) {
				timers[m].record(duration, TimeUnit.NANOSECONDS);
				summaries[m].record(readyEvents);
			}
		}
		HEAD.setRelease(this, t);
		return (int) (t - h);
	}

	/**
	 * Samples dropped because the drain fell a whole ring behind.
	 * @return the count
	 */
	long dropped() {
		return this.dropped;
	}

}

package dev.sockloop.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sockloop.internal.linux.FileDescriptorLimit;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.transport.TransportProvider;

/**
 * A fixed set of {@link EventLoop}s, shared by every server of an application. Creating the group
 * starts the loop threads and, on Linux, raises the process's open-files soft limit to its hard
 * limit. All loops of a group use the same {@link Transport}.
 */
public final class EventLoopGroup implements AutoCloseable {

	private final List<EventLoop> loops;

	private final Transport transport;

	private final AtomicInteger next = new AtomicInteger();

	private volatile boolean running = true;

	/**
	 * Starts {@code loopCount} loops with threads named {@code sockloop-loop-<i>}, on the
	 * {@link Transport#detect() detected} transport.
	 * @param loopCount the number of loops, at least 1
	 */
	public EventLoopGroup(int loopCount) {
		this(loopCount, "sockloop-loop-");
	}

	/**
	 * Starts {@code loopCount} loops on the {@link Transport#detect() detected} transport.
	 * @param loopCount the number of loops, at least 1
	 * @param threadNamePrefix prefix of the thread names, followed by the loop index
	 */
	public EventLoopGroup(int loopCount, String threadNamePrefix) {
		this(loopCount, threadNamePrefix, null);
	}

	/**
	 * Starts {@code loopCount} loops on the given transport.
	 * @param loopCount the number of loops, at least 1
	 * @param threadNamePrefix prefix of the thread names, followed by the loop index
	 * @param transport the transport, or {@link Transport#AUTO} or {@code null} to
	 * {@link Transport#detect() detect} it
	 * @throws IllegalStateException if the transport cannot run here (epoll forced off Linux)
	 */
	public EventLoopGroup(int loopCount, String threadNamePrefix, Transport transport) {
		if (loopCount < 1) {
			throw new IllegalArgumentException("Loop count must be at least 1, was " + loopCount);
		}
		this.transport = (transport != null) ? transport.resolve() : Transport.detect();
		this.transport.ensureAvailable();
		if (Transport.EPOLL.isAvailable()) {
			// NIO forced on Linux serves as many connections as epoll would.
			FileDescriptorLimit.raiseToHard();
		}
		TransportProvider provider = this.transport.provider();
		EventLoop[] created = new EventLoop[loopCount];
		try {
			for (int i = 0; i < loopCount; i++) {
				created[i] = new EventLoop(i, threadNamePrefix + i, provider::newPoller, provider.nativeBuffers());
			}
		}
		catch (RuntimeException ex) {
			for (EventLoop loop : created) {
				if (loop != null) {
					loop.start();
					loop.shutdown();
				}
			}
			throw ex;
		}
		for (EventLoop loop : created) {
			loop.start();
		}
		this.loops = List.of(created);
	}

	/**
	 * The transport the loops run on.
	 * @return the transport
	 */
	public Transport transport() {
		return this.transport;
	}

	/**
	 * Number of loops.
	 * @return the size
	 */
	public int size() {
		return this.loops.size();
	}

	/**
	 * The loops, in index order. For the starter's metrics and health: the loop type is internal
	 * (not API, may change without notice).
	 * @return the loops
	 */
	public List<EventLoop> loops() {
		return this.loops;
	}

	/**
	 * The loop with the given index. Its type is internal (not API, may change without notice).
	 * @param index the index
	 * @return the loop
	 */
	public EventLoop loop(int index) {
		return this.loops.get(index);
	}

	/**
	 * The next loop in round-robin order. Its type is internal (not API, may change without notice).
	 * @return a loop
	 */
	public EventLoop next() {
		return this.loops.get(Math.floorMod(this.next.getAndIncrement(), this.loops.size()));
	}

	/**
	 * Whether the group has not been closed.
	 * @return {@code true} until {@link #close(Duration)}
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops every loop and waits for the threads to end, so that a stopped group has no thread left
	 * touching its fds. Channels still registered release their fds. An interrupt does not cut the
	 * wait short (stopping is cleanup that must finish); it is kept for the caller.
	 * @param timeout how long to wait for the threads
	 * @return {@code true} if every thread ended in time
	 */
	public boolean close(Duration timeout) {
		for (EventLoop loop : this.loops) {
			if (loop.inLoop()) {
				throw new IllegalStateException("An event loop group cannot be closed from one of its loops");
			}
		}
		this.running = false;
		for (EventLoop loop : this.loops) {
			loop.shutdown();
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean interrupted = false;
		boolean all = true;
		try {
			for (EventLoop loop : this.loops) {
				while (true) {
					try {
						long left = Math.max(0, deadline - System.nanoTime());
						boolean ended = loop.awaitTermination(left, TimeUnit.NANOSECONDS);
						if (ended) {
							// join(0) waits for ever: at least a millisecond.
							loop.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
							ended = !loop.thread().isAlive();
						}
						all &= ended;
						break;
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return all;
	}

	/**
	 * Stops every loop, waiting up to 10 seconds.
	 */
	@Override
	public void close() {
		close(Duration.ofSeconds(10));
	}

}

package dev.sockloop.internal.loop;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.sockloop.internal.linux.NativeMemory;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.transport.epoll.Epoll;
import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.WakeupCause;
import dev.sockloop.transport.EventLoopGroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLoopTests {

	private static final ByteBuffer ONE = NativeMemory.allocate(8).putLong(0, 1L);

	/** An eventfd channel that counts its events and, the first time, can run an action. */
	private static final class Probe extends LoopChannel {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicReference<Long> firstIteration = new AtomicReference<>();

		final EventLoop loop;

		Runnable onFirstEvent;

		Probe(EventLoop loop) {
			super(Epoll.createEventFd());
			this.loop = loop;
		}

		void signal() {
			Epoll.signal(this.fd, NativeMemory.address(ONE));
		}

		@Override
		protected void onReady(int readyEvents) {
			Epoll.drain(this.fd, NativeMemory.address(NativeMemory.allocate(8)));
			this.firstIteration.compareAndSet(null, this.loop.stats().iterations());
			if (this.calls.incrementAndGet() == 1 && this.onFirstEvent != null) {
				this.onFirstEvent.run();
			}
		}

		void release() {
			this.loop.deregister(this);
			Sockets.close(this.fd);
		}

		@Override
		protected void onFailure(Throwable failure) {
			release();
		}

		@Override
		protected void onLoopShutdown() {
			release();
		}

	}

	private static void onLoop(EventLoop loop, Runnable task) throws Exception {
		CompletableFuture<Void> done = new CompletableFuture<>();
		loop.execute(() -> {
			try {
				task.run();
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		});
		done.get(5, TimeUnit.SECONDS);
	}

	@Test
	void eventOfAnFdClosedAndReusedEarlierInTheSameBatchIsNotDelivered() throws Exception {
		try (EventLoopGroup group = new EventLoopGroup(1, "generation-")) {
			EventLoop loop = group.loop(0);
			Map<Long, Integer> readyPerIteration = new ConcurrentHashMap<>();
			loop.stats().setIterationListener((nanos, ready) -> readyPerIteration.put(loop.stats().iterations(), ready));
			AtomicReference<Probe> first = new AtomicReference<>();
			AtomicReference<Probe> closed = new AtomicReference<>();
			AtomicReference<Probe> successor = new AtomicReference<>();
			AtomicInteger reusedFd = new AtomicInteger(-1);
			onLoop(loop, () -> {
				Probe a = new Probe(loop);
				Probe b = new Probe(loop);
				// Whichever is dispatched first closes the other, whose event is still in the batch, and
				// at once opens a new fd, which the kernel gives the lowest free number: the closed one.
				a.onFirstEvent = () -> closeAndReuse(loop, a, b, first, closed, successor, reusedFd);
				b.onFirstEvent = () -> closeAndReuse(loop, b, a, first, closed, successor, reusedFd);
				loop.register(a, Epoll.EPOLLIN);
				loop.register(b, Epoll.EPOLLIN);
				a.signal();
				b.signal();
			});
			Await.until(Duration.ofSeconds(5), () -> successor.get() != null, "one probe closed the other");
			// Two more round trips through the loop: the batch in question is long over.
			onLoop(loop, () -> { });
			onLoop(loop, () -> { });

			long batch = first.get().firstIteration.get();
			assertThat(readyPerIteration.get(batch + 1)).as("events in the batch").isGreaterThanOrEqualTo(2);
			assertThat(reusedFd.get()).as("fd number reused within the batch").isEqualTo(closed.get().fd());
			assertThat(closed.get().calls).as("closed channel's events").hasValue(0);
			assertThat(successor.get().calls).as("stale event delivered to the fd's new owner").hasValue(0);

			successor.get().signal();
			Await.until(Duration.ofSeconds(5), () -> successor.get().calls.get() == 1,
					"the new owner gets its own events");
		}
	}

	private static void closeAndReuse(EventLoop loop, Probe self, Probe other, AtomicReference<Probe> first,
			AtomicReference<Probe> closed, AtomicReference<Probe> successor, AtomicInteger reusedFd) {
		if (!first.compareAndSet(null, self)) {
			return;
		}
		other.release();
		closed.set(other);
		Probe next = new Probe(loop);
		reusedFd.set(next.fd());
		loop.register(next, Epoll.EPOLLIN);
		successor.set(next);
	}

	@Test
	void idleLoopsDoNotSpin() throws Exception {
		try (EventLoopGroup group = new EventLoopGroup(2, "idle-")) {
			SocketServer server = SocketServer.builder().address("127.0.0.1").loopGroup(group)
				.handler((connection) -> connection.send(connection.receive())).start();
			try (Socket idle = Clients.connect(server.localAddress())) {
				idle.getOutputStream().write(1);
				assertThat(idle.getInputStream().read()).isEqualTo(1);
				long[] before = group.loops().stream().mapToLong(EventLoopTests::wakeups).toArray();
				// A measurement window, not a synchronisation: nothing happens in it.
				LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
				for (EventLoop loop : group.loops()) {
					assertThat(wakeups(loop) - before[loop.index()])
						.as("wake-ups of idle %s in 500 ms", loop.threadName())
						.isLessThan(5);
				}
			}
			finally {
				server.stop(Duration.ofSeconds(2));
			}
		}
	}

	private static long wakeups(EventLoop loop) {
		long sum = 0;
		for (WakeupCause cause : WakeupCause.values()) {
			sum += loop.stats().wakeups(cause);
		}
		return sum;
	}

	@Test
	void tasksFromOtherThreadsRunOnTheLoopInOrder() throws Exception {
		try (EventLoopGroup group = new EventLoopGroup(1)) {
			EventLoop loop = group.loop(0);
			assertThat(loop.threadName()).isEqualTo("sockloop-loop-0");
			List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger offLoop = new AtomicInteger();
			for (int i = 0; i < 10_000; i++) {
				int n = i;
				loop.execute(() -> {
					if (!loop.inLoop()) {
						offLoop.incrementAndGet();
					}
					ran.add(n);
				});
			}
			Await.until(Duration.ofSeconds(5), () -> ran.size() == 10_000, "all tasks ran");
			assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 10_000).boxed().toList());
			assertThat(offLoop).hasValue(0);
			assertThat(loop.inLoop()).isFalse();
			assertThat(loop.stats().wakeups(WakeupCause.TASK)).isPositive();
		}
	}

	@Test
	void aFailingTaskDoesNotKillTheLoop() throws Exception {
		try (EventLoopGroup group = new EventLoopGroup(1, "failing-")) {
			EventLoop loop = group.loop(0);
			loop.execute(() -> {
				throw new IllegalStateException("task failed");
			});
			onLoop(loop, () -> { });
			assertThat(loop.isAlive()).isTrue();
		}
	}

	@Test
	void closingTheGroupEndsEveryThreadAndIsRefusedFromALoop() throws Exception {
		EventLoopGroup group = new EventLoopGroup(2, "closing-");
		AtomicReference<Throwable> fromLoop = new AtomicReference<>();
		onLoop(group.loop(0), () -> {
			try {
				group.close(Duration.ofSeconds(1));
			}
			catch (Throwable ex) {
				fromLoop.set(ex);
			}
		});
		assertThat(fromLoop.get()).isInstanceOf(IllegalStateException.class);
		assertThat(group.close(Duration.ofSeconds(5))).isTrue();
		assertThat(group.isRunning()).isFalse();
		assertThat(group.loops()).noneMatch(EventLoop::isAlive);
		assertThat(group.loops()).allSatisfy((loop) -> assertThat(loop.thread().isAlive()).isFalse());
		assertThatThrownBy(() -> new EventLoopGroup(0)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void currentNamesTheCallersLoopAndNoLoopElsewhere() throws Exception {
		try (EventLoopGroup group = new EventLoopGroup(2, "current-")) {
			for (EventLoop loop : group.loops()) {
				CompletableFuture<EventLoop> seen = new CompletableFuture<>();
				loop.execute(() -> seen.complete(EventLoop.current()));
				assertThat(seen.get(5, TimeUnit.SECONDS)).isSameAs(loop);
			}
		}
		assertThat(EventLoop.current()).isNull();
	}

}

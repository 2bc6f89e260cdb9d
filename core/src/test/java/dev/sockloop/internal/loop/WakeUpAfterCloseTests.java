package dev.sockloop.internal.loop;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.sockloop.internal.linux.NativeMemory;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.transport.epoll.Epoll;
import dev.sockloop.internal.transport.epoll.EpollPoller;
import dev.sockloop.server.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wake-up written from another thread while the loop closes its eventfd must not land in whatever fd
 * reuses the eventfd's number. The poller is wrapped so that the waking thread stops between deciding
 * to write and writing, for as long as the test wants.
 */
class WakeUpAfterCloseTests {

	@Test
	void aWakeUpInFlightWhileTheLoopClosesNeverWritesToAnFdThatReusedTheEventFdNumber() throws Exception {
		CountDownLatch wakerPaused = new CountDownLatch(1);
		CountDownLatch releaseWaker = new CountDownLatch(1);
		PausingPoller[] wrapped = new PausingPoller[1];
		EventLoop loop = new EventLoop(0, "wake-after-close", (owner) -> {
			wrapped[0] = new PausingPoller(new EpollPoller(owner), wakerPaused, releaseWaker);
			return wrapped[0];
		}, true);
		PausingPoller poller = wrapped[0];
		loop.start();
		Await.until(Duration.ofSeconds(5), poller.polling::get, "the loop asleep in its poller");
		Thread waker = new Thread(() -> loop.execute(() -> { }), "waker");
		poller.pausedThread = waker;
		waker.start();
		assertThat(wakerPaused.await(5, TimeUnit.SECONDS)).as("waker paused before its write").isTrue();

		loop.shutdown();
		// Either the loop closed its eventfd under the paused waker, or it waits (parked) for the waker to
		// finish its write before closing.
		Await.until(Duration.ofSeconds(5), () -> poller.closed.get() || (poller.terminating.get()
				&& loop.thread().getState() == Thread.State.TIMED_WAITING), "the loop closing its poller");
		// Lowest free numbers first: had the eventfd been closed, one of these would take its number.
		List<Integer> newFds = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			newFds.add(Epoll.createEventFd());
		}
		releaseWaker.countDown();
		waker.join(5000);
		assertThat(loop.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

		long stray = 0;
		ByteBuffer scratch = NativeMemory.allocate(8);
		for (int fd : newFds) {
			scratch.putLong(0, 0);
			// Non-blocking: reads the counter if something was written, leaves the scratch at 0 if not.
			Epoll.drain(fd, NativeMemory.address(scratch));
			stray += scratch.getLong(0);
			Sockets.close(fd);
		}
		System.out.printf("Wake-up after close: %d bytes written into fds %s opened after the close began%n",
				stray * 8, newFds);
		assertThat(stray * 8).as("bytes a late wake-up wrote into fds opened after the close").isZero();
	}

	/** Delegates to a real poller; one chosen thread stops in {@link #wakeUp()} until released. */
	private static final class PausingPoller extends Poller {

		final AtomicBoolean polling = new AtomicBoolean();

		final AtomicBoolean terminating = new AtomicBoolean();

		final AtomicBoolean closed = new AtomicBoolean();

		private final Poller delegate;

		private final CountDownLatch paused;

		private final CountDownLatch release;

		volatile Thread pausedThread;

		PausingPoller(Poller delegate, CountDownLatch paused, CountDownLatch release) {
			this.delegate = delegate;
			this.paused = paused;
			this.release = release;
		}

		@Override
		protected int poll(int timeoutMillis) {
			this.polling.set(true);
			return this.delegate.poll(timeoutMillis);
		}

		@Override
		protected void dispatch(int ready) {
			this.delegate.dispatch(ready);
		}

		@Override
		protected void wakeUp() {
			if (Thread.currentThread() == this.pausedThread) {
				this.paused.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.delegate.wakeUp();
		}

		@Override
		protected void register(LoopChannel channel, int interest) {
			this.delegate.register(channel, interest);
		}

		@Override
		protected int modify(LoopChannel channel, int interest) {
			return this.delegate.modify(channel, interest);
		}

		@Override
		protected void deregister(LoopChannel channel) {
			this.delegate.deregister(channel);
		}

		@Override
		protected void unregister(LoopChannel channel) {
			this.delegate.unregister(channel);
		}

		@Override
		protected void forEachChannel(Consumer<LoopChannel> action) {
			// Called as the loop terminates, just before it closes the poller.
			this.terminating.set(true);
			this.delegate.forEachChannel(action);
		}

		@Override
		protected void close() {
			this.delegate.close();
			this.closed.set(true);
		}

	}

}

package dev.sockloop.internal.linux;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import dev.sockloop.internal.transport.epoll.Epoll;
import dev.sockloop.internal.transport.epoll.EpollEventArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeCallTests {

	@Test
	void epollIsAvailableOnThisHost() {
		assertThat(Epoll.isAvailable()).isTrue();
		assertThat(Epoll.unavailabilityCause()).isNull();
		Epoll.ensureAvailable();
	}

	@Test
	void errnoOfAFailedCallIsReadOnTheSameThread() {
		assertThat(LibC.close(-1)).isEqualTo(-1);
		assertThat(Errno.last()).isEqualTo(Errno.EBADF);
	}

	@Test
	void hotPathCallsReturnNegativeErrnoInsteadOfThrowing() {
		assertThat(Sockets.close(-1)).isEqualTo(-Errno.EBADF);
		assertThat(Sockets.read(-1, 0, 0)).isEqualTo(-Errno.EBADF);
		assertThat(Sockets.accept(-1)).isEqualTo(-Errno.EBADF);
	}

	@Test
	void acceptOnAnIdleListenerReturnsEagain() {
		InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		int fd = Sockets.newStreamSocket(loopback);
		try {
			assertThat(Sockets.bind(fd, loopback)).isZero();
			Sockets.listen(fd, 16);
			assertThat(Sockets.accept(fd)).isEqualTo(-Errno.EAGAIN);
			assertThat(((InetSocketAddress) Sockets.localAddress(fd)).getPort()).isPositive();
		}
		finally {
			assertThat(Sockets.close(fd)).isZero();
		}
	}

	@Test
	void bindingATakenPortReturnsEaddrinuse() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
			int fd = Sockets.newStreamSocket(address);
			try {
				Sockets.setReusePort(fd, true);
				assertThat(Sockets.bind(fd, address)).isEqualTo(-Errno.EADDRINUSE);
			}
			finally {
				Sockets.close(fd);
			}
		}
	}

	@Test
	void setUpCallsThrowWithTheCallAndErrnoNamed() {
		assertThatThrownBy(() -> Sockets.listen(-1, 1)).isInstanceOfSatisfying(NativeCallException.class, (ex) -> {
			assertThat(ex.call()).isEqualTo("listen");
			assertThat(ex.errno()).isEqualTo(Errno.EBADF);
			assertThat(ex).hasMessage("listen failed: EBADF (Bad file descriptor)");
		});
	}

	@Test
	void errnoNamesAndDescriptions() {
		assertThat(Errno.name(Errno.EADDRINUSE)).isEqualTo("EADDRINUSE");
		assertThat(Errno.describe(Errno.EADDRINUSE)).isEqualTo("EADDRINUSE (Address already in use)");
		assertThat(Errno.name(9999)).isEqualTo("errno 9999");
	}

	@Test
	void epollEventLayoutMatchesTheArchitecture() {
		assertThat(EpollEventArray.SIZE).isEqualTo(Platform.isIntel() ? 12 : 16);
		assertThat(EpollEventArray.DATA_OFFSET).isEqualTo(Platform.isIntel() ? 4 : 8);
	}

	@Test
	void eventFdSignalAndDrainRoundTripThroughEpoll() {
		int epollFd = Epoll.create();
		int eventFd = Epoll.createEventFd();
		EpollEventArray events = new EpollEventArray(4);
		java.nio.ByteBuffer one = NativeMemory.allocate(8).putLong(0, 1L);
		java.nio.ByteBuffer scratch = NativeMemory.allocate(8);
		try {
			long tag = (7L << 32) | eventFd;
			assertThat(Epoll.add(epollFd, eventFd, Epoll.EPOLLIN, tag, events)).isZero();
			assertThat(Epoll.wait(epollFd, events, 0)).isZero();
			Epoll.signal(eventFd, NativeMemory.address(one));
			assertThat(Epoll.wait(epollFd, events, 1000)).isEqualTo(1);
			assertThat(events.data(0)).as("tag handed back intact").isEqualTo(tag);
			assertThat(events.events(0) & Epoll.EPOLLIN).isNotZero();
			Epoll.drain(eventFd, NativeMemory.address(scratch));
			assertThat(Epoll.wait(epollFd, events, 0)).as("drained eventfd no longer ready").isZero();
		}
		finally {
			Sockets.close(eventFd);
			Sockets.close(epollFd);
		}
	}

}

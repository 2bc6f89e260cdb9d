package dev.sockloop.transport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Transport#AUTO}, the choice rather than a transport, on this (Linux, epoll) host.
 */
class TransportTests {

	@Test
	void autoResolvesToEpollWhereEpollIsAvailable() {
		assertThat(Transport.EPOLL.isAvailable()).as("these tests run on Linux with epoll").isTrue();
		assertThat(Transport.AUTO.resolve()).isEqualTo(Transport.EPOLL);
		assertThat(Transport.AUTO.provider()).isSameAs(Transport.EPOLL.provider());
	}

	@Test
	void forcedTransportsResolveToThemselves() {
		assertThat(Transport.EPOLL.resolve()).isEqualTo(Transport.EPOLL);
		assertThat(Transport.NIO.resolve()).isEqualTo(Transport.NIO);
	}

	@Test
	void aGroupOnAutoRunsOnTheResolvedTransport() {
		try (EventLoopGroup group = new EventLoopGroup(1, "auto-", Transport.AUTO)) {
			assertThat(group.transport()).isEqualTo(Transport.EPOLL);
			assertThat(group.transport().tagValue()).isEqualTo("epoll");
		}
	}

}

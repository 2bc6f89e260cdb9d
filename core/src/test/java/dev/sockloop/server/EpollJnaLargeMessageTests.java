package dev.sockloop.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.sockloop.internal.linux.SocketCalls;
import dev.sockloop.transport.Transport;

/**
 * The epoll suite with the FFM socket calls turned off: on Java 22+ this runs the JNA path that
 * Java 17 to 21 take (on Java 17 it is the same as {@link EpollLargeMessageTests}).
 */
class EpollJnaLargeMessageTests extends LargeMessageTests {

	@BeforeAll
	static void turnFfmCallsOff() {
		System.setProperty(SocketCalls.FFM_PROPERTY, "false");
	}

	@AfterAll
	static void turnFfmCallsBackOn() {
		System.clearProperty(SocketCalls.FFM_PROPERTY);
	}

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

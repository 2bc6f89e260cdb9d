package dev.sockloop.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.sockloop.internal.linux.HeapSocketCalls;
import dev.sockloop.transport.Transport;

/**
 * The epoll suite with the heap socket calls turned off: on Java 22+ this runs the JNA path that
 * Java 17 to 21 take (on Java 17 it is the same as {@link EpollLargeMessageTests}).
 */
class EpollJnaLargeMessageTests extends LargeMessageTests {

	@BeforeAll
	static void turnHeapCallsOff() {
		System.setProperty(HeapSocketCalls.ENABLED_PROPERTY, "false");
	}

	@AfterAll
	static void turnHeapCallsBackOn() {
		System.clearProperty(HeapSocketCalls.ENABLED_PROPERTY);
	}

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

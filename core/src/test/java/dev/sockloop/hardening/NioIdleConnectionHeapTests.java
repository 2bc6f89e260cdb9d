package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioIdleConnectionHeapTests extends IdleConnectionHeapTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

	@Override
	long heapBoundPerConnection() {
		return 2048;
	}

}

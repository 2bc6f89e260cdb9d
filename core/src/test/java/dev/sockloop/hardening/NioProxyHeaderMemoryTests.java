package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioProxyHeaderMemoryTests extends ProxyHeaderMemoryTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}

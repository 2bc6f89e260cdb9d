package dev.sockloop.tls;

import dev.sockloop.transport.Transport;

class EpollTlsHardeningTests extends TlsHardeningTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

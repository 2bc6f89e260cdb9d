package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollProxyProtocolTests extends ProxyProtocolTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollHaproxyProxyProtocolTests extends HaproxyProxyProtocolTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollLargeMessageTests extends LargeMessageTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

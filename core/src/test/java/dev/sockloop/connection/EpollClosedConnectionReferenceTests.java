package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class EpollClosedConnectionReferenceTests extends ClosedConnectionReferenceTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

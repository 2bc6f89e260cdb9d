package dev.sockloop.tls;

import dev.sockloop.transport.Transport;

class EpollTlsServerOptionTests extends TlsServerOptionTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

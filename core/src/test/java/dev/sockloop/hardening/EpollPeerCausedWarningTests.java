package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollPeerCausedWarningTests extends PeerCausedWarningTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollSlowGroupMemberTests extends SlowGroupMemberTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}

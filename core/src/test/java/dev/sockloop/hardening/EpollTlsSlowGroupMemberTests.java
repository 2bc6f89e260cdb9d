package dev.sockloop.hardening;

class EpollTlsSlowGroupMemberTests extends EpollSlowGroupMemberTests {

	@Override
	boolean tls() {
		return true;
	}

}

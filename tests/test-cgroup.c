/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-cgroup.c - lib/parse/cgroup.c (built into this test: it is not
 * exported) on the cgroup paths that systemd, docker, containerd, CRI-O,
 * podman, Kubernetes, lxc and machined write, and on paths that only look
 * like them.
 */
#include <errno.h>
#include <string.h>

#include "parse/cgroup.h"
#include "testutil.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static struct cg_place
place(const char *path)
{
	struct cg_place p;

	cg_place(path, strlen(path), &p);
	return p;
}

/* The unit, slice, user unit, runtime, container and pod of a path. */
static void
expect(const char *path, const char *unit, const char *slice,
       const char *uunit, const char *rt, const char *ct, const char *pod)
{
	struct cg_place p = place(path);

	CU_ASSERT_STRING_EQUAL(p.unit, unit);
	CU_ASSERT_STRING_EQUAL(p.slice, slice);
	CU_ASSERT_STRING_EQUAL(p.user_unit, uunit);
	CU_ASSERT_STRING_EQUAL(cg_runtime_name(p.runtime), rt);
	CU_ASSERT_STRING_EQUAL(p.container, ct);
	CU_ASSERT_STRING_EQUAL(p.pod, pod);
	if (strcmp(p.unit, unit) || strcmp(p.slice, slice) ||
	    strcmp(p.user_unit, uunit) ||
	    strcmp(cg_runtime_name(p.runtime), rt) ||
	    strcmp(p.container, ct) || strcmp(p.pod, pod))
		fprintf(stderr, "%s: unit '%s' slice '%s' uunit '%s' rt '%s' "
			"container '%s' pod '%s'\n", path, p.unit, p.slice,
			p.user_unit, cg_runtime_name(p.runtime), p.container,
			p.pod);
}

static void
test_systemd(void)
{
	expect("/", "", "-.slice", "", "", "", "");
	expect("", "", "-.slice", "", "", "", "");
	expect("/init.scope", "init.scope", "-.slice", "", "", "", "");
	expect("/system.slice/ssh.service", "ssh.service", "system.slice", "",
	       "", "", "");
	expect("/system.slice/system-getty.slice/getty@tty1.service",
	       "getty@tty1.service", "system-getty.slice", "", "", "", "");
	expect("/user.slice/user-1000.slice/session-2.scope",
	       "session-2.scope", "user-1000.slice", "", "", "", "");
	expect("/user.slice/user-1000.slice/user@1000.service/app.slice/"
	       "app-gnome-firefox-1234.scope", "user@1000.service",
	       "user-1000.slice", "app-gnome-firefox-1234.scope", "", "", "");
	expect("/user.slice/user-1000.slice/user@1000.service/init.scope",
	       "user@1000.service", "user-1000.slice", "init.scope", "", "",
	       "");
	/* a unit's own sub-cgroups keep the unit */
	expect("/system.slice/foo.service/worker/a", "foo.service",
	       "system.slice", "", "", "", "");
	/* not unit names: no unit, the slice stays */
	expect("/system.slice/notaunit", "", "system.slice", "", "", "", "");
	expect("/system.slice/x.nosuchtype", "", "system.slice", "", "", "",
	       "");
	expect("/system.slice/.service", "", "system.slice", "", "", "", "");
	expect("/system.slice/a b.service", "", "system.slice", "", "", "", "");
	expect("//system.slice//ssh.service/", "ssh.service", "system.slice",
	       "", "", "", "");
}

static void
test_containers(void)
{
	expect("/system.slice/docker-" ID ".scope", "docker-" ID ".scope",
	       "system.slice", "", "docker", ID, "");
	expect("/docker/" ID, "", "-.slice", "", "docker", ID, "");
	expect("/docker/" ID "/sub", "", "-.slice", "", "docker", ID, "");
	expect("/system.slice/crio-" ID ".scope", "crio-" ID ".scope",
	       "system.slice", "", "cri-o", ID, "");
	expect("/system.slice/crio-conmon-" ID ".scope",
	       "crio-conmon-" ID ".scope", "system.slice", "", "", "", "");
	expect("/machine.slice/libpod-" ID ".scope", "libpod-" ID ".scope",
	       "machine.slice", "", "podman", ID, "");
	expect("/machine.slice/libpod-conmon-" ID ".scope",
	       "libpod-conmon-" ID ".scope", "machine.slice", "", "", "", "");
	expect("/user.slice/user-1000.slice/user@1000.service/user.slice/"
	       "libpod-" ID ".scope/container", "user@1000.service",
	       "user-1000.slice", "libpod-" ID ".scope", "podman", ID, "");
	expect("/libpod_parent/libpod-" ID, "", "-.slice", "", "podman", ID,
	       "");
	expect("/lxc.payload.web1", "", "-.slice", "", "lxc", "web1", "");
	expect("/lxc.monitor.web1", "", "-.slice", "", "", "", "");
	expect("/lxc/web2", "", "-.slice", "", "lxc", "web2", "");
	/* machinectl start: the template unit, its payload and
	 * supervisor beneath */
	expect("/machine.slice/systemd-nspawn@web\\x2d1.service/payload",
	       "systemd-nspawn@web\\x2d1.service", "machine.slice", "",
	       "machine", "web-1", "");
	expect("/machine.slice/systemd-nspawn@.service",
	       "systemd-nspawn@.service", "machine.slice", "", "", "", "");
	expect("/machine.slice/machine-qemu\\x2d1\\x2dvm.scope",
	       "machine-qemu\\x2d1\\x2dvm.scope", "machine.slice", "",
	       "machine", "qemu-1-vm", "");
	/* an id of the wrong length or case is no id */
	expect("/system.slice/docker-0123.scope", "docker-0123.scope",
	       "system.slice", "", "", "", "");
	expect("/docker/" "0123456789ABCDEF0123456789abcdef0123456789abcdef"
	       "0123456789abcdef", "", "-.slice", "", "", "", "");
}

static void
test_kubernetes(void)
{
	/* systemd driver: the pod's UID with underscores */
	expect("/kubepods.slice/kubepods-burstable.slice/"
	       "kubepods-burstable-pod1a2b3c4d_0000_1111_2222_333344445555.slice/"
	       "cri-containerd-" ID ".scope", "cri-containerd-" ID ".scope",
	       "kubepods-burstable-pod1a2b3c4d_0000_1111_2222_333344445555.slice",
	       "", "containerd", ID, "1a2b3c4d-0000-1111-2222-333344445555");
	/* guaranteed QoS: no class slice */
	expect("/kubepods.slice/kubepods-podabc_def.slice/crio-" ID ".scope",
	       "crio-" ID ".scope", "kubepods-podabc_def.slice", "", "cri-o",
	       ID, "abc-def");
	/* cgroupfs driver: the runtime is not in the path */
	expect("/kubepods/besteffort/pod1a2b-3c4d/" ID, "", "-.slice", "",
	       "kubepods", ID, "1a2b-3c4d");
	expect("/kubepods/pod77/" ID, "", "-.slice", "", "kubepods", ID, "77");
	/* a pod's own cgroup, before its containers start */
	expect("/kubepods/burstable/pod77", "", "-.slice", "", "", "", "77");
	/* "pod" elsewhere is no pod */
	expect("/system.slice/podman.service", "podman.service",
	       "system.slice", "", "", "", "");
	expect("/kubepods/burstable/ipod9", "", "-.slice", "", "", "", "");
}

static void
test_main_path(void)
{
	static const char v2[] = "0::/system.slice/ssh.service\n";
	static const char hybrid[] =
		"12:memory:/x\n1:name=systemd:/user.slice/s.scope\n0::/u\n";
	static const char v1[] =
		"4:memory:/process_api/1\n9:name=systemd:/init.scope\n0::/\n"
		"2:cpu:/";
	static const char none[] = "4:memory:/a\n2:cpu:/b\n3:name=systemd";
	const char *path;
	size_t n;

	CU_ASSERT_EQUAL_FATAL(cg_main_path(v2, sizeof v2 - 1, &path, &n), 0);
	CU_ASSERT_EQUAL(n, strlen("/system.slice/ssh.service"));
	CU_ASSERT_NSTRING_EQUAL(path, "/system.slice/ssh.service", n);
	CU_ASSERT_EQUAL_FATAL(cg_main_path(hybrid, sizeof hybrid - 1, &path,
					   &n), 0);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_NSTRING_EQUAL(path, "/u", 2);
	CU_ASSERT_EQUAL_FATAL(cg_main_path(v1, sizeof v1 - 1, &path, &n), 0);
	CU_ASSERT_EQUAL(n, strlen("/init.scope"));
	CU_ASSERT_NSTRING_EQUAL(path, "/init.scope", n);
	CU_ASSERT_EQUAL_FATAL(cg_main_path("1:name=systemd:/x.scope\n", 24,
					   &path, &n), 0);
	CU_ASSERT_NSTRING_EQUAL(path, "/x.scope", n);
	CU_ASSERT_EQUAL(cg_main_path(none, sizeof none - 1, &path, &n),
			-ENOENT);
	CU_ASSERT_EQUAL(cg_main_path("", 0, &path, &n), -ENOENT);
	/* a v2 line without its newline at the end of the text */
	CU_ASSERT_EQUAL_FATAL(cg_main_path("0::/a.scope", 11, &path, &n), 0);
	CU_ASSERT_EQUAL(n, 8);
	/* the buffer's end is respected: no NUL after it */
	CU_ASSERT_EQUAL(cg_main_path("0::/abc", 2, &path, &n), -ENOENT);
	/* a cgroup removed under its task: the place it names */
	CU_ASSERT_EQUAL_FATAL(cg_main_path("0::/a.slice/b.service (deleted)\n",
					   32, &path, &n), 0);
	CU_ASSERT_EQUAL(n, 18);
	CU_ASSERT_EQUAL(memcmp(path, "/a.slice/b.service", 18), 0);
}

/* Long and hostile components stay within the buffers and are no unit. */
static void
test_bounds(void)
{
	char path[4096], comp[300];
	struct cg_place p;

	memset(comp, 'a', sizeof comp - 1);
	comp[sizeof comp - 1] = '\0';
	memcpy(comp + sizeof comp - 9, ".service", 9);
	snprintf(path, sizeof path, "/system.slice/%s", comp);
	cg_place(path, strlen(path), &p);
	CU_ASSERT_STRING_EQUAL(p.unit, "");	/* longer than a name can be */
	snprintf(path, sizeof path, "/lxc.payload.%s", comp);
	cg_place(path, strlen(path), &p);
	CU_ASSERT_EQUAL(strlen(p.container), CG_NAME_MAX);
	cg_place("/a\x1b[31m.service", strlen("/a\x1b[31m.service"), &p);
	CU_ASSERT_STRING_EQUAL(p.unit, "");
	snprintf(path, sizeof path, "/machine.slice/machine-\\x00x.scope");
	cg_place(path, strlen(path), &p);
	CU_ASSERT_STRING_EQUAL(p.container, "\\x00x");
	/* a path ends at a NUL: nothing is named by the bytes after it */
	cg_place("/lxc.payload.\0web", 16, &p);
	CU_ASSERT_EQUAL(p.runtime, CG_RT_NONE);
	CU_ASSERT_STRING_EQUAL(p.container, "");
	snprintf(path, sizeof path, "/machine.slice/machine-a\\x2.scope");
	cg_place(path, strlen(path), &p);
	CU_ASSERT_STRING_EQUAL(p.container, "a\\x2");
}

static void
test_ns_link(void)
{
	unsigned long long ino = 7;

	CU_ASSERT_EQUAL(ns_link_inode("pid:[4026531836]", 16, "pid", &ino), 0);
	CU_ASSERT_EQUAL(ino, 4026531836ULL);
	CU_ASSERT_EQUAL(ns_link_inode("pid:[18446744073709551615]", 26, "pid",
				      &ino), 0);
	CU_ASSERT_EQUAL(ino, 18446744073709551615ULL);
	ino = 7;
	CU_ASSERT_EQUAL(ns_link_inode("pid:[18446744073709551616]", 26, "pid",
				      &ino), -EINVAL);
	CU_ASSERT_EQUAL(ns_link_inode("net:[4026531836]", 16, "pid", &ino),
			-EINVAL);
	CU_ASSERT_EQUAL(ns_link_inode("pid:[]", 6, "pid", &ino), -EINVAL);
	CU_ASSERT_EQUAL(ns_link_inode("pid:[12", 7, "pid", &ino), -EINVAL);
	CU_ASSERT_EQUAL(ns_link_inode("pid:[1x]", 8, "pid", &ino), -EINVAL);
	CU_ASSERT_EQUAL(ns_link_inode("pid:[12]", 5, "pid", &ino), -EINVAL);
	CU_ASSERT_EQUAL(ns_link_inode("", 0, "pid", &ino), -EINVAL);
	CU_ASSERT_EQUAL(ino, 7);
}

static void
test_ps_list(void)
{
	static const char text[] = "9:name=systemd:/\n4:memory:/a/b\n"
		"2:cpu:/\n0::/s.slice/u.service\n";
	char out[64];

	CU_ASSERT_EQUAL(cg_ps_list(text, sizeof text - 1, out, sizeof out),
			strlen("4:memory:/a/b,0::/s.slice/u.service"));
	CU_ASSERT_STRING_EQUAL(out, "4:memory:/a/b,0::/s.slice/u.service");
	/* cut to fit, the whole length still told */
	CU_ASSERT_EQUAL(cg_ps_list(text, sizeof text - 1, out, 8),
			strlen("4:memory:/a/b,0::/s.slice/u.service"));
	CU_ASSERT_STRING_EQUAL(out, "4:memor");
	CU_ASSERT_EQUAL(cg_ps_list(text, sizeof text - 1, out, 15), 35);
	CU_ASSERT_STRING_EQUAL(out, "4:memory:/a/b,");
	CU_ASSERT_EQUAL(cg_ps_list("0::/\n1:cpu:/\n", 13, out, sizeof out),
			0);
	CU_ASSERT_STRING_EQUAL(out, "");
	CU_ASSERT_EQUAL(cg_ps_list("0::/x", 5, out, sizeof out), 5);
	CU_ASSERT_STRING_EQUAL(out, "0::/x");
	CU_ASSERT_EQUAL(cg_ps_list("0::/x", 5, out, 0), 5);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cgroup", NULL, NULL);
	ADD_TEST(s, test_systemd);
	ADD_TEST(s, test_containers);
	ADD_TEST(s, test_kubernetes);
	ADD_TEST(s, test_main_path);
	ADD_TEST(s, test_bounds);
	ADD_TEST(s, test_ns_link);
	ADD_TEST(s, test_ps_list);
	return run_suites();
}

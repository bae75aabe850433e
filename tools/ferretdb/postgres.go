package main

// A private PostgreSQL cluster for FerretDB: initdb'd once into a folder of ours, started on its own
// loopback port with its Unix socket inside that folder, stopped with the launcher. PostgreSQL
// refuses to run as root, so when the launcher is root the cluster belongs to the unprivileged
// `postgres` user that Debian's package creates.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// clusterUser is the database superuser FerretDB connects as (trust authentication, loopback only).
const clusterUser = "ferretdb"

// clusterDatabase holds every MongoDB database, one PostgreSQL schema each.
const clusterDatabase = "ferretdb"

type cluster struct {
	dir        string
	bin        string
	port       int
	ephemeral  bool // no fsync: the folder is thrown away after the run
	companions bool // install companionsSQL
	logger     *slog.Logger
	cred       *syscall.Credential // nil: run as ourselves

	cmd    *exec.Cmd
	exited chan struct{}
}

// startCluster prepares the folder and starts the cluster on `port` (0: a free one).
func startCluster(ctx context.Context, dir, bin string, port int, ephemeral, companions bool, logger *slog.Logger) (*cluster, error) {
	bin, err := findPostgresBin(bin)
	if err != nil {
		return nil, err
	}
	cred, err := unprivileged()
	if err != nil {
		return nil, err
	}
	if port == 0 {
		if port, err = freeTCPPort(); err != nil {
			return nil, err
		}
	}
	c := &cluster{dir: dir, bin: bin, port: port, ephemeral: ephemeral, companions: companions, logger: logger, cred: cred}
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// findPostgresBin returns the folder holding initdb and postgres: the flag, the newest
// /usr/lib/postgresql/<version>/bin (Debian does not put them on PATH), or PATH.
func findPostgresBin(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	sort.Slice(matches, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(matches[i]))))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(matches[j]))))
		return vi > vj
	})
	if len(matches) > 0 {
		return filepath.Dir(matches[0]), nil
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL not found: install Debian's postgresql-15 (scripts/setup.sh does), pass -postgresql-bin, or use -handler sqlite")
}

// unprivileged returns the credential to run PostgreSQL with: none unless we are root.
func unprivileged() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, PostgreSQL needs an unprivileged user and there is no 'postgres' user (install postgresql-15): %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// prepare creates the folder (owned by the cluster's user) and runs initdb when it holds no cluster yet.
func (c *cluster) prepare(ctx context.Context) error {
	if err := os.MkdirAll(filepath.Dir(c.dir), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	if c.cred != nil {
		// The cluster's user must be able to reach its folder.
		for dir := filepath.Dir(c.dir); ; dir = filepath.Dir(dir) {
			if info, err := os.Stat(dir); err == nil && info.Mode().Perm()&0o001 == 0 {
				if st, ok := info.Sys().(*syscall.Stat_t); !ok || st.Uid != c.cred.Uid {
					return fmt.Errorf("the postgres user cannot enter %s (mode %v): PostgreSQL's folder must lie under folders others may enter", dir, info.Mode().Perm())
				}
			}
			if dir == filepath.Dir(dir) {
				break
			}
		}
		if err := os.Chown(c.dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			return err
		}
	}
	// PostgreSQL insists on 0700 (or 0750) for its data folder.
	if err := os.Chmod(c.dir, 0o700); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(c.dir, "PG_VERSION")); err == nil {
		return nil
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is neither empty nor a PostgreSQL cluster (data of the old SQLite backend? move it away or pass -handler sqlite)", c.dir)
	}
	args := []string{"-D", c.dir, "-U", clusterUser, "--auth=trust", "--encoding=UTF8", "--locale=C"}
	if c.ephemeral {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, "initdb"), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb failed: %w\n%s", err, out)
	}
	return nil
}

// start starts the postmaster and waits until it accepts connections and the database exists.
// A postmaster of a previous launcher killed a moment ago may still hold the folder: retried.
func (c *cluster) start(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := c.startOnce(ctx, deadline)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		c.logger.Warn("PostgreSQL did not start; retrying", "error", err)
		time.Sleep(300 * time.Millisecond)
	}
}

func (c *cluster) startOnce(ctx context.Context, deadline time.Time) error {
	args := []string{
		"-D", c.dir,
		"-p", strconv.Itoa(c.port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=" + c.dir,
		"-c", "log_min_messages=warning",
		// See companionsSQL: the indexed expression must be visible to the planner.
		"-c", "plan_cache_mode=force_custom_plan",
		// Run-time settings are given here, not in postgresql.conf, so every start uses the current ones.
		"-c", "fsync=" + onOff(!c.ephemeral),
		"-c", "full_page_writes=" + onOff(!c.ephemeral),
	}
	cmd := exec.Command(filepath.Join(c.bin, "postgres"), args...)
	cmd.Dir = c.dir
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: c.cred,
		// Its own process group: a Ctrl-C reaches the launcher, which stops FerretDB first.
		Setpgid: true,
		// If the launcher dies (even by SIGKILL), the postmaster shuts down immediately, as after a crash.
		Pdeathsig: syscall.SIGQUIT,
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	c.cmd, c.exited = cmd, exited

	for {
		select {
		case <-exited:
			return fmt.Errorf("postgres exited: %v", cmd.ProcessState)
		default:
		}
		err := c.ensureDatabase(ctx)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			c.stop()
			return fmt.Errorf("PostgreSQL did not accept connections: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func (c *cluster) connString(database string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", clusterUser, c.port, database)
}

// URL is FerretDB's connection string.
func (c *cluster) URL() string { return c.connString(clusterDatabase) }

func (c *cluster) ensureDatabase(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.connString("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", clusterDatabase).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		if _, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{clusterDatabase}.Sanitize()); err != nil {
			return err
		}
	}
	if !c.companions {
		return nil
	}
	db, err := pgx.Connect(ctx, c.URL())
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	if _, err := db.Exec(ctx, companionsSQL); err != nil {
		return fmt.Errorf("installing the GIN companions of FerretDB's indexes: %w", err)
	}
	return nil
}

// stop shuts the postmaster down ("fast": open transactions are rolled back) and waits for it.
func (c *cluster) stop() {
	if c == nil || c.cmd == nil || c.cmd.Process == nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}

// freeTCPPort asks the kernel for a free loopback port.
func freeTCPPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

"""awsim as a child process: started on a free port from a scenario, stopped on request.

The tests, the demo and the benchmark all start awsim this way. Its stderr
goes to a log file, never to an unread pipe, so a chatty awsim cannot block.
"""
import json
import os
import subprocess
import sys

AWSIM = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'awsim.py')


class Process:
    def __init__(self, workdir, scenario, tls=False, listen='127.0.0.1:0'):
        """scenario: a dict (written to workdir/scenario.json) or the path of a scenario file.
        listen: a fixed address brings awsim back where a client knows it (AWS down, then up)."""
        if isinstance(scenario, dict):
            path = os.path.join(workdir, 'scenario.json')
            with open(path, 'w') as f:
                json.dump(scenario, f)
        else:
            path = scenario
        self.scenario_path = path
        args = [sys.executable, AWSIM, '--listen', listen, '--scenario', path]
        self.ca = None
        if tls:
            self.ca = os.path.join(workdir, 'tls', 'ca.pem')
            args += ['--tls-dir', os.path.join(workdir, 'tls')]
        self.log_path = os.path.join(workdir, 'awsim.log')
        self.log = open(self.log_path, 'w')
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith('awsim listening on '):
            self.stop()
            with open(self.log_path) as f:
                raise RuntimeError('awsim did not start (%r): %s' % (line, f.read()[-2000:]))
        self.url = line.split()[-1]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.log.close()

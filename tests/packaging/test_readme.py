"""The README's "Run it against the bundled emulator by hand" block stays runnable: the keys it
exports are the demo scenario's, the files it names exist, the flags it uses exist."""
import json
import os
import re
import subprocess
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('LATTICEDNS_BIN', os.path.join(ROOT, 'latticedns'))


def by_hand_block():
    with open(os.path.join(ROOT, 'README.md')) as f:
        text = f.read()
    m = re.search(r'^## Run it against the bundled emulator by hand\n.*?```sh\n(.*?)```', text, re.S | re.M)
    assert m, 'README.md has no "Run it against the bundled emulator by hand" section with a sh block'
    return m.group(1)


class ByHand(unittest.TestCase):
    def test_the_exported_keys_are_the_scenarios_principal(self):
        block = by_hand_block()
        scen = re.search(r'--scenario (\S+)', block).group(1)
        with open(os.path.join(ROOT, scen)) as f:
            principal = json.load(f)['principal']
        exports = dict(re.findall(r'^export (\w+)=(\S+)', block, re.M))
        self.assertEqual(exports['AWS_ACCESS_KEY_ID'], principal['access_key_id'])
        self.assertEqual(exports['AWS_SECRET_ACCESS_KEY'], principal['secret_access_key'])
        port = re.search(r'--listen 127\.0\.0\.1:(\d+)', block).group(1)
        self.assertEqual(exports['AWS_ENDPOINT_URL'], 'http://127.0.0.1:' + port)

    def test_the_files_and_flags_it_uses_exist(self):
        block = by_hand_block()
        for path in re.findall(r'(?:-c|--scenario|python3) (\S+\.(?:yaml|json|py))', block):
            self.assertTrue(os.path.exists(os.path.join(ROOT, path)), path)
        helptext = subprocess.run([BIN, '--help'], capture_output=True, text=True).stdout
        for flag in set(re.findall(r'\./latticedns .*?(--[a-z-]+)', block)) | set(re.findall(r' (--[a-z-]+)', block)):
            if flag in ('--listen', '--scenario'):     # awsim's own
                continue
            self.assertIn(flag, helptext)


if __name__ == '__main__':
    unittest.main()

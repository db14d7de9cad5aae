"""The home region as the SDKs pick it (config, AWS_REGION, AWS_DEFAULT_REGION, the profile, us-east-1):
an account listed without `regions` is listed there, and the start line names it."""
import os
import unittest

from harness import E2E, scenario, service

A1 = '111122223333'
EU, US = 'eu-west-1', 'us-east-1'


class HomeRegion(E2E):
    def setUp(self):
        self.start(scenario([service(A1, EU, 'svc-0000000000000000e', 'eu.corp.internal'),
                             service(A1, US, 'svc-0000000000000000a', 'us.corp.internal')]))
        # The account names no regions: it is listed in the home region only.
        self.edit_config('    regions: [us-east-1, eu-west-1]\n', '')

    def dry_run(self, **env):
        base = self.env()
        for k, v in env.items():
            if v is None:
                base.pop(k, None)
            else:
                base[k] = v
        self.env = lambda: base
        return self.run_ld('--dry-run')

    def assert_listed_only(self, r, region):
        self.assertEqual(r.code, 2, r)
        listed, other = ('eu', 'us') if region == EU else ('us', 'eu')
        self.assertIn('+ %s.corp.internal.' % listed, r.out, r)
        self.assertNotIn('%s.corp.internal.' % other, r.out, r)

    def test_aws_region(self):
        r = self.dry_run(AWS_REGION=EU, AWS_DEFAULT_REGION='ap-south-1')
        self.assert_listed_only(r, EU)
        self.assertIn('home region eu-west-1 (from AWS_REGION)', r.err)

    def test_aws_default_region_when_aws_region_is_unset(self):
        r = self.dry_run(AWS_REGION=None, AWS_DEFAULT_REGION=EU)
        self.assert_listed_only(r, EU)
        self.assertIn('home region eu-west-1 (from AWS_DEFAULT_REGION)', r.err)

    def test_the_profiles_region(self):
        conf = os.path.join(self.tmp, 'aws-config')
        with open(conf, 'w') as f:
            f.write('[default]\nregion = us-east-1\n[profile ops]\nregion = eu-west-1\n')
        r = self.dry_run(AWS_REGION=None, AWS_CONFIG_FILE=conf, AWS_PROFILE='ops')
        self.assert_listed_only(r, EU)
        self.assertIn('home region eu-west-1 (from profile ops in %s)' % conf, r.err)

    def test_us_east_1_when_nothing_is_set(self):
        r = self.dry_run(AWS_REGION=None)
        self.assert_listed_only(r, US)
        self.assertIn('home region us-east-1 (from the default', r.err)

    def test_the_config_wins_over_the_environment(self):
        with open(self.config, 'a') as f:
            f.write('aws: {region: eu-west-1, route53_rps: 50}\n')
        self.edit_config('aws: {route53_rps: 50, concurrency: 4}\n', '')
        r = self.dry_run(AWS_REGION=US)
        self.assert_listed_only(r, EU)
        self.assertIn('home region eu-west-1 (from aws.region in the configuration)', r.err)

    def test_a_bad_aws_region_is_named(self):
        r = self.dry_run(AWS_REGION='Ireland')
        self.assertEqual(r.code, 1, r)
        self.assertIn('AWS_REGION "Ireland" is not a region name like eu-west-1', r.err)
        self.assertNotIn('+ ', r.out)


if __name__ == '__main__':
    unittest.main()

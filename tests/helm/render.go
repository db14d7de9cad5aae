// render.go - renders a Helm chart as `helm template` does, for the tests (no helm binary is packaged).
//
// It implements the part of Helm's engine the chart uses: the values file merged with -f files,
// .Release, .Chart, the sprig functions, and Helm's include, toYaml, required and fail. Built
// from Debian's Go packages (golang-github-masterminds-sprig-dev, golang-gopkg-yaml.v3-dev) in
// GOPATH mode, so it needs nothing from outside the machine.
//
//	render CHART_DIR RELEASE [-f values.yaml]... > manifests.yaml
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

func toYaml(v interface{}) string {
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	if err := e.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Later maps win, key by key, as helm -f does.
func merge(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		if sm, ok := v.(map[string]interface{}); ok {
			if dm, ok := dst[k].(map[string]interface{}); ok {
				dst[k] = merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
	return dst
}

func load(path string) map[string]interface{} {
	b, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(b, &m); err != nil {
		fail("%s: %v", path, err)
	}
	return m
}

func fail(f string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "render: "+f+"\n", a...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: render CHART_DIR RELEASE [-f values.yaml]...")
	}
	dir, release := os.Args[1], os.Args[2]
	values := load(filepath.Join(dir, "values.yaml"))
	for i := 3; i < len(os.Args); i++ {
		if os.Args[i] == "-f" && i+1 < len(os.Args) {
			values = merge(values, load(os.Args[i+1]))
			i++
		} else {
			fail("unexpected argument %q", os.Args[i])
		}
	}
	chart := load(filepath.Join(dir, "Chart.yaml"))
	t := template.New("chart")
	funcs := sprig.TxtFuncMap()
	funcs["toYaml"] = toYaml
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var b bytes.Buffer
		err := t.ExecuteTemplate(&b, name, data)
		return b.String(), err
	}
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil || v == "" {
			return nil, fmt.Errorf("%s", msg)
		}
		return v, nil
	}
	funcs["fail"] = func(msg string) (string, error) { return "", fmt.Errorf("%s", msg) }
	t.Funcs(funcs).Option("missingkey=zero")
	files, _ := filepath.Glob(filepath.Join(dir, "templates", "*"))
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fail("%v", err)
		}
		if _, err := t.New(filepath.Base(f)).Parse(string(b)); err != nil {
			fail("%v", err)
		}
	}
	data := map[string]interface{}{
		"Values":  values,
		"Release": map[string]interface{}{"Name": release, "Namespace": "default", "Service": "Helm"},
		"Chart": map[string]interface{}{"Name": chart["name"], "Version": chart["version"],
			"AppVersion": chart["appVersion"]},
	}
	var out bytes.Buffer
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasPrefix(name, "_") {
			continue
		}
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, name, data); err != nil {
			// Helm reports a failed render with the template and the message; so does this.
			fail("%s: %v", name, err)
		}
		text := strings.ReplaceAll(b.String(), "<no value>", "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, strings.TrimSpace(text))
	}
	os.Stdout.Write(out.Bytes())
}

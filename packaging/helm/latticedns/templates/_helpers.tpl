{{/* Fails the render on a mode the chart does not know, naming the value and the choices. */}}
{{- define "latticedns.mode" -}}
{{- if not (has .Values.mode (list "cronjob" "controller")) -}}
{{- fail (printf "mode %q: use cronjob (one cycle per schedule) or controller (long-running)" .Values.mode) -}}
{{- end -}}
{{- .Values.mode -}}
{{- end -}}

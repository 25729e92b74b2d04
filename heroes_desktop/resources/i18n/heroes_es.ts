<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>Algo ha fallado</translation>
    </message>
    <message>
        <source>Something went wrong while {where}.</source>
        <translation>Algo ha fallado mientras se hacía esto: {where}.</translation>
    </message>
    <message>
        <source>working in the background</source>
        <translation>trabajo en segundo plano</translation>
    </message>
</context>
<context>
    <name>IdentityForm</name>
    <message>
        <source>Examiner</source>
        <translation>Examinador/a</translation>
    </message>
    <message>
        <source>Supervisor (review and sign only)</source>
        <translation>Supervisor/a (solo revisa y firma)</translation>
    </message>
    <message>
        <source>Trainer</source>
        <translation>Formador/a</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>En formación</translation>
    </message>
    <message>
        <source>Your name as it appears in the custody log</source>
        <translation>Su nombre tal como aparece en el registro de custodia</translation>
    </message>
    <message>
        <source>&amp;Who is working</source>
        <translation>&amp;Quién trabaja</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Función</translation>
    </message>
    <message>
        <source>Signing-&amp;key passphrase</source>
        <translation>Frase de paso de la &amp;clave de firma</translation>
    </message>
    <message>
        <source>Re&amp;peat the key passphrase</source>
        <translation>Re&amp;pita la frase de paso de la clave</translation>
    </message>
    <message>
        <source>No signing key for this name in your profile yet: one is made now, sealed with this passphrase.</source>
        <translation>Aún no hay clave de firma para este nombre en su perfil: se crea ahora, protegida con esta frase de paso.</translation>
    </message>
    <message>
        <source>Say who is working: a name is recorded with every change.</source>
        <translation>Indique quién trabaja: cada cambio queda registrado con un nombre.</translation>
    </message>
    <message>
        <source>Enter the passphrase of your signing key.</source>
        <translation>Escriba la frase de paso de su clave de firma.</translation>
    </message>
    <message>
        <source>The two key passphrases differ.</source>
        <translation>Las dos frases de paso de la clave no coinciden.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Evidence</source>
        <translation>Evidencias</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Categorías</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Búsqueda</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Visor</translation>
    </message>
    <message>
        <source>Ingest</source>
        <translation>Procesado</translation>
    </message>
    <message>
        <source>{panel}: {reason}</source>
        <translation>{panel}: {reason}</translation>
    </message>
    <message>
        <source>not available yet</source>
        <translation>aún no disponible</translation>
    </message>
    <message>
        <source>could not be shown ({reason})</source>
        <translation>no se pudo mostrar ({reason})</translation>
    </message>
    <message>
        <source> [read-only]</source>
        <translation> [solo lectura]</translation>
    </message>
    <message>
        <source> [review]</source>
        <translation> [revisión]</translation>
    </message>
    <message>
        <source>{name}{mode} — HEROES Desktop</source>
        <translation>{name}{mode} — HEROES Desktop</translation>
    </message>
    <message>
        <source>Add evidence…</source>
        <translation>Añadir evidencia…</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>Cerrar el caso</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Reveal images (blurred and greyscale until then)</source>
        <translation>Mostrar las imágenes (difuminadas y en grises hasta entonces)</translation>
    </message>
    <message>
        <source>Show the ingest panel</source>
        <translation>Mostrar el panel de procesado</translation>
    </message>
    <message>
        <source>Go to the search box</source>
        <translation>Ir al cuadro de búsqueda</translation>
    </message>
    <message>
        <source>Go to the evidence tree</source>
        <translation>Ir al árbol de evidencias</translation>
    </message>
    <message>
        <source>Go to the categories</source>
        <translation>Ir a las categorías</translation>
    </message>
    <message>
        <source>Go to the file table</source>
        <translation>Ir a la tabla de archivos</translation>
    </message>
    <message>
        <source>Go to the viewer</source>
        <translation>Ir al visor</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>This session cannot change the case (opened read-only or for review).</source>
        <translation>Esta sesión no puede modificar el caso (abierto en solo lectura o para revisión).</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>solo consulta</translation>
    </message>
    <message>
        <source>images shown clear (F8 obscures)</source>
        <translation>imágenes visibles (F8 las oculta)</translation>
    </message>
    <message>
        <source>images blurred and greyscale (F8 reveals)</source>
        <translation>imágenes difuminadas y en grises (F8 las muestra)</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>solo lectura</translation>
    </message>
    <message>
        <source>read-write</source>
        <translation>lectura y escritura</translation>
    </message>
    <message>
        <source>Adding evidence is not available yet.</source>
        <translation>Añadir evidencias aún no está disponible.</translation>
    </message>
    <message>
        <source>An ingest is running</source>
        <translation>Hay un procesado en marcha</translation>
    </message>
    <message>
        <source>An ingest is running. Stop it and close the case? What it has committed is kept, and the next start continues from there.</source>
        <translation>Hay un procesado en marcha. ¿Detenerlo y cerrar el caso? Lo ya guardado se conserva y el siguiente inicio continúa desde ahí.</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Nuevo caso</translation>
    </message>
    <message>
        <source>Where the new case file goes (.heroes)</source>
        <translation>Dónde se guarda el archivo del nuevo caso (.heroes)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <source>&amp;Case file</source>
        <translation>Archivo del &amp;caso</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Título</translation>
    </message>
    <message>
        <source>Case &amp;number</source>
        <translation>&amp;Número del caso</translation>
    </message>
    <message>
        <source>Case &amp;passphrase</source>
        <translation>&amp;Frase de paso del caso</translation>
    </message>
    <message>
        <source>Repeat the case passphrase</source>
        <translation>Repita la frase de paso del caso</translation>
    </message>
    <message>
        <source>Keep the passphrase safe: without it the case cannot be opened by anyone.</source>
        <translation>Guarde bien la frase de paso: sin ella nadie puede abrir el caso.</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>C&amp;rear</translation>
    </message>
    <message>
        <source>HEROES cases (*.heroes);;All files (*)</source>
        <translation>Casos HEROES (*.heroes);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Choose where the new case file goes.</source>
        <translation>Elija dónde se guarda el archivo del nuevo caso.</translation>
    </message>
    <message>
        <source>Choose a case passphrase.</source>
        <translation>Elija una frase de paso para el caso.</translation>
    </message>
    <message>
        <source>The two case passphrases differ.</source>
        <translation>Las dos frases de paso del caso no coinciden.</translation>
    </message>
    <message>
        <source>Creating the case…</source>
        <translation>Creando el caso…</translation>
    </message>
</context>
<context>
    <name>OpenCaseDialog</name>
    <message>
        <source>Open case</source>
        <translation>Abrir caso</translation>
    </message>
    <message>
        <source>The case file (.heroes)</source>
        <translation>El archivo del caso (.heroes)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <source>Open &amp;read-only (view only: nothing in the case is changed, no signing key needed)</source>
        <translation>Abrir en solo &amp;lectura (solo consulta: no se modifica nada del caso ni hace falta clave de firma)</translation>
    </message>
    <message>
        <source>&amp;Case file</source>
        <translation>Archivo del &amp;caso</translation>
    </message>
    <message>
        <source>Case &amp;passphrase</source>
        <translation>&amp;Frase de paso del caso</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Abrir</translation>
    </message>
    <message>
        <source>HEROES cases (*.heroes);;All files (*)</source>
        <translation>Casos HEROES (*.heroes);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Choose the case file to open.</source>
        <translation>Elija el archivo del caso que quiere abrir.</translation>
    </message>
    <message>
        <source>Enter the case passphrase.</source>
        <translation>Escriba la frase de paso del caso.</translation>
    </message>
    <message>
        <source>Opening the case…</source>
        <translation>Abriendo el caso…</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>The training case could not be opened</source>
        <translation>No se pudo abrir el caso de formación</translation>
    </message>
</context>
<context>
    <name>ShortcutRegistry</name>
    <message>
        <source>“{key}” is not a key</source>
        <translation>«{key}» no es una tecla</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>En toda la ventana</translation>
    </message>
    <message>
        <source>the action {action} is registered twice</source>
        <translation>la acción {action} está registrada dos veces</translation>
    </message>
    <message>
        <source>{key} is already the key of “{title}” ({context})</source>
        <translation>{key} ya es la tecla de «{title}» ({context})</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Type to filter by panel, action or key</source>
        <translation>Escriba para filtrar por panel, acción o tecla</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tecla</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>HEROES Desktop</source>
        <translation>HEROES Desktop</translation>
    </message>
    <message>
        <source>Offline forensic workstation · version {version}</source>
        <translation>Estación forense sin conexión · versión {version}</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;Nuevo caso…</translation>
    </message>
    <message>
        <source>&amp;Open case…</source>
        <translation>&amp;Abrir caso…</translation>
    </message>
    <message>
        <source>Open the &amp;training case…</source>
        <translation>Abrir el caso de &amp;formación…</translation>
    </message>
    <message>
        <source>&amp;Recent cases</source>
        <translation>Casos &amp;recientes</translation>
    </message>
    <message>
        <source>No case opened yet on this computer.</source>
        <translation>Aún no se ha abierto ningún caso en este equipo.</translation>
    </message>
    <message>
        <source>{path} (not found)</source>
        <translation>{path} (no se encuentra)</translation>
    </message>
</context>
<context>
    <name>TrainingCaseDialog</name>
    <message>
        <source>Open the training case</source>
        <translation>Abrir el caso de formación</translation>
    </message>
    <message>
        <source>Builds the bundled training evidence (harmless made-up files: documents, pictures, chats, deleted files) into the folder you choose, processes it into a new case with every installed stage, and opens it. It takes a minute or two.</source>
        <translation>Genera las evidencias de formación incluidas (archivos inventados e inofensivos: documentos, imágenes, chats, archivos borrados) en la carpeta que elija, las procesa en un caso nuevo con todas las etapas instaladas y lo abre. Tarda uno o dos minutos.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>&amp;Carpeta</translation>
    </message>
    <message>
        <source>Case passphrase: {case}   Signing key of “{who}”: {key}
A training case only: never put real evidence in it.</source>
        <translation>Frase de paso del caso: {case}   Clave de firma de «{who}»: {key}
Solo para formación: nunca ponga evidencias reales en él.</translation>
    </message>
    <message>
        <source>&amp;Build and open</source>
        <translation>&amp;Generar y abrir</translation>
    </message>
    <message>
        <source>Folder for the training case</source>
        <translation>Carpeta para el caso de formación</translation>
    </message>
    <message>
        <source>Choose a folder for the training case.</source>
        <translation>Elija una carpeta para el caso de formación.</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder.</source>
        <translation>{path} es un archivo, no una carpeta.</translation>
    </message>
    <message>
        <source>{path} holds other files: choose a new or empty folder (a training case built there before is rebuilt).</source>
        <translation>{path} contiene otros archivos: elija una carpeta nueva o vacía (un caso de formación generado allí antes se vuelve a generar).</translation>
    </message>
    <message>
        <source>opening the training case</source>
        <translation>abriendo el caso de formación</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>Deteniendo tras el paso actual…</translation>
    </message>
    <message>
        <source>Stopped before the end: the case was not opened (what was done is kept in {path}).</source>
        <translation>Detenido antes del final: el caso no se abrió (lo hecho se conserva en {path}).</translation>
    </message>
    <message>
        <source>Building the training evidence…</source>
        <translation>Generando las evidencias de formación…</translation>
    </message>
</context>
</TS>
